import type { Campaign } from '../../shared/analytics/campaigns/campaign.js';
import { requiredFlag, stringFlag, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { callApi } from './api.js';

export const campaignSet: Command = {
  name: 'campaign set',
  summary: "create or replace a campaign's cost, for ROI",
  help: `Usage: pillars campaign set <name> --cost <amount> --currency <code> [--starts <date>] [--ends <date>] [--notes <text>]

Record what a campaign cost. <name> is the campaign as it appears in utm_campaign (a post's
campaign), so its sessions, conversions and revenue meet its cost in reports. Setting it again
replaces it.

Flags:
  --cost <amount>     what it cost, a number ≥ 0 (e.g. 1200 or 99.50)
  --currency <code>   ISO 4217 code, e.g. EUR
  --starts <date>     first day, YYYY-MM-DD
  --ends <date>       last day, YYYY-MM-DD
  --notes <text>      anything the team should know

Examples:
  pillars campaign set spring-launch --cost 1200 --currency EUR
  pillars campaign set black-friday --cost 350 --currency USD --starts 2026-11-20 --ends 2026-11-30`,
  options: {
    cost: { type: 'string' },
    currency: { type: 'string' },
    starts: { type: 'string' },
    ends: { type: 'string' },
    notes: { type: 'string' },
  },
  positionals: ['name'],
  usesApi: true,
  run: async (invocation) => {
    const name = invocation.positionals[0] ?? '';
    const costText = requiredFlag(invocation, 'cost');
    const cost = Number(costText);
    if (!Number.isFinite(cost)) throw new UsageError(`--cost must be a number such as 1200, not "${costText}"`, invocation.usage);
    const body = {
      cost,
      currency: requiredFlag(invocation, 'currency').toUpperCase(),
      startsOn: stringFlag(invocation, 'starts'),
      endsOn: stringFlag(invocation, 'ends'),
      notes: stringFlag(invocation, 'notes'),
    };
    return callApi<Campaign>(invocation, { method: 'PUT', path: `/campaigns/${encodeURIComponent(name)}`, body }, (c) =>
      `campaign ${c.name}: cost ${c.cost} ${c.currency}${c.startsOn || c.endsOn ? `, ${c.startsOn ?? '…'} to ${c.endsOn ?? '…'}` : ''}`);
  },
};
