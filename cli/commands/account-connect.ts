import type { NetworkAccount } from '../../shared/networks/contract.js';
import { requiredFlag, type Command } from '../command.js';
import { callApi } from './api.js';

export const accountConnect: Command = {
  name: 'account connect',
  summary: 'connect a network account to the brand',
  help: `Usage: pillars account connect --id <id> --network <network> --handle <handle> --url <baseUrl>

Connect a network account. Its credentials are stored separately, under the same id.

Flags:
  --id <id>            your id for the account: 2-63 lowercase letters, digits and dashes
  --network <network>  the network: mastodon
  --handle <handle>    the account's name on the network, e.g. @brand
  --url <baseUrl>      the network's API base URL, e.g. https://mastodon.social

Examples:
  pillars account connect --id mastodon-main --network mastodon --handle @brand --url https://mastodon.social`,
  options: {
    id: { type: 'string' },
    network: { type: 'string' },
    handle: { type: 'string' },
    url: { type: 'string' },
  },
  positionals: [],
  usesApi: true,
  run: async (invocation) => {
    const body = {
      accountId: requiredFlag(invocation, 'id'),
      network: requiredFlag(invocation, 'network'),
      handle: requiredFlag(invocation, 'handle'),
      baseUrl: requiredFlag(invocation, 'url'),
    };
    return callApi<NetworkAccount>(invocation, { method: 'POST', path: '/accounts', body }, (account) =>
      `connected ${account.network} account ${account.accountId} (${account.handle} at ${account.baseUrl})`);
  },
};
