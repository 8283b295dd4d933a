/** The brand's publishing settings: approval, time zone, link shortener. */
import type { BrandSettings } from '../../shared/platform/brand-settings.js';
import { stringFlag, type Command, type Invocation } from '../command.js';
import { UsageError } from '../errors.js';
import { fields } from '../format.js';
import { apiClient, callApi } from './api.js';

const render = (settings: BrandSettings) => fields([
  ['requireApproval', String(settings.requireApproval)],
  ['timezone', settings.timezone ?? '(not set: UTC)'],
  ['linkShortener', shortenerText(settings.linkShortener)],
]);

function shortenerText(setting: BrandSettings['linkShortener']): string {
  if (!setting || setting.provider === 'none') return 'none';
  return [setting.provider, setting.domain && `domain ${setting.domain}`, setting.groupGuid && `group ${setting.groupGuid}`].filter(Boolean).join(', ');
}

export const settingsGet: Command = {
  name: 'settings get',
  summary: "show the brand's publishing settings",
  help: `Usage: pillars settings get

Show whether posts need approval, the brand's time zone and its link shortener.

Examples:
  pillars settings get
  pillars settings get --json`,
  options: {},
  positionals: [],
  usesApi: true,
  run: (invocation) => callApi<BrandSettings>(invocation, { method: 'GET', path: '/settings' }, render),
};

export const settingsSet: Command = {
  name: 'settings set',
  summary: "change the brand's publishing settings (admin group)",
  help: `Usage: pillars settings set [--require-approval true|false] [--timezone <zone>]
                            [--shortener bitly|none] [--shortener-domain <domain>] [--shortener-group <guid>]

Change the settings given and keep the others (the command reads them first, then replaces them).
Only members of the admin group may change them.

Flags:
  --require-approval true|false   new and edited posts wait in review until someone else approves them
  --timezone <zone>               IANA time zone, e.g. Europe/Berlin
  --shortener bitly|none          shorten post links after UTM tagging; the Bitly token goes in the
                                  credentials secret under "linkShortener:<brandId>"
  --shortener-domain <domain>     Bitly (or branded) short domain, e.g. bit.ly
  --shortener-group <guid>        Bitly group the links belong to

Examples:
  pillars settings set --require-approval true
  pillars settings set --timezone Europe/Berlin --shortener bitly --shortener-domain go.example.com`,
  options: {
    'require-approval': { type: 'string' },
    timezone: { type: 'string' },
    shortener: { type: 'string' },
    'shortener-domain': { type: 'string' },
    'shortener-group': { type: 'string' },
  },
  positionals: [],
  usesApi: true,
  run: async (invocation) => {
    const changes = changesOf(invocation);
    const current = (await apiClient(invocation).send({ method: 'GET', path: '/settings' })).body as BrandSettings;
    return callApi<BrandSettings>(invocation, { method: 'PUT', path: '/settings', body: { ...current, ...changes(current) } }, render);
  },
};

/** Read and checked before any call, so a typo never half-applies. */
function changesOf(invocation: Invocation): (current: BrandSettings) => Partial<BrandSettings> {
  const approval = stringFlag(invocation, 'require-approval');
  if (approval !== undefined && approval !== 'true' && approval !== 'false') {
    throw new UsageError(`--require-approval takes true or false, not "${approval}"`, invocation.usage);
  }
  const timezone = stringFlag(invocation, 'timezone');
  const provider = stringFlag(invocation, 'shortener');
  if (provider !== undefined && provider !== 'bitly' && provider !== 'none') {
    throw new UsageError(`--shortener takes bitly or none, not "${provider}"`, invocation.usage);
  }
  const domain = stringFlag(invocation, 'shortener-domain');
  const group = stringFlag(invocation, 'shortener-group');
  if ([approval, timezone, provider, domain, group].every((v) => v === undefined)) {
    throw new UsageError('nothing to change: give at least one of --require-approval, --timezone, --shortener, --shortener-domain, --shortener-group', invocation.usage);
  }
  return (current) => {
    const changes: Partial<BrandSettings> = {};
    if (approval !== undefined) changes.requireApproval = approval === 'true';
    if (timezone !== undefined) changes.timezone = timezone;
    const chosen = provider ?? current.linkShortener?.provider;
    if (provider === 'none') changes.linkShortener = { provider: 'none' };
    else if (chosen === 'bitly') {
      const before = current.linkShortener?.provider === 'bitly' ? current.linkShortener : { provider: 'bitly' as const };
      changes.linkShortener = { ...before, ...(domain !== undefined ? { domain } : {}), ...(group !== undefined ? { groupGuid: group } : {}) };
    } else if (domain !== undefined || group !== undefined) {
      throw new UsageError('--shortener-domain and --shortener-group need --shortener bitly', invocation.usage);
    }
    return changes;
  };
}
