import type { NetworkAccount } from '../../shared/networks/contract.js';
import { requiredFlag, type Command } from '../command.js';
import { callApi } from './api.js';

export const accountConnect: Command = {
  name: 'account connect',
  summary: 'connect a network account to the brand (admin group)',
  help: `Usage: pillars account connect --id <id> --network <network> --handle <handle> --url <baseUrl> [--replace]

Connect a network account; only the brand's admin group may. Its credentials are stored
separately, in the brand's credentials secret, under the same id. An id the brand already has is
refused; --replace points that account elsewhere instead (same network).

Flags:
  --id <id>            your id for the account: 2-63 lowercase letters, digits and dashes
  --network <network>  the network: mastodon
  --handle <handle>    the account's name on the network, e.g. @brand
  --url <baseUrl>      the network's API base URL, e.g. https://mastodon.social
  --replace            re-point the brand's existing account of this id (PUT /accounts/<id>)

Examples:
  pillars account connect --id mastodon-main --network mastodon --handle @brand --url https://mastodon.social
  pillars account connect --id mastodon-main --network mastodon --handle @brand --url https://social.example --replace`,
  options: {
    id: { type: 'string' },
    network: { type: 'string' },
    handle: { type: 'string' },
    url: { type: 'string' },
    replace: { type: 'boolean' },
  },
  positionals: [],
  usesApi: true,
  run: async (invocation) => {
    const accountId = requiredFlag(invocation, 'id');
    const location = {
      network: requiredFlag(invocation, 'network'),
      handle: requiredFlag(invocation, 'handle'),
      baseUrl: requiredFlag(invocation, 'url'),
    };
    if (invocation.flags.replace === true) {
      return callApi<NetworkAccount>(invocation, { method: 'PUT', path: `/accounts/${encodeURIComponent(accountId)}`, body: location }, (account) =>
        `re-pointed ${account.network} account ${account.accountId} (${account.handle} at ${account.baseUrl})`);
    }
    return callApi<NetworkAccount>(invocation, { method: 'POST', path: '/accounts', body: { accountId, ...location } }, (account) =>
      `connected ${account.network} account ${account.accountId} (${account.handle} at ${account.baseUrl})`);
  },
};
