import type { NetworkAccount } from '../../shared/networks/contract.js';
import type { Command } from '../command.js';
import { table } from '../format.js';
import { callApi } from './api.js';

export const accountList: Command = {
  name: 'account list',
  summary: "list the brand's connected network accounts",
  help: `Usage: pillars account list

Examples:
  pillars account list
  pillars account list --json`,
  options: {},
  positionals: [],
  usesApi: true,
  run: async (invocation) =>
    callApi<{ items: readonly NetworkAccount[] }>(invocation, { method: 'GET', path: '/accounts' }, ({ items }) =>
      items.length === 0
        ? 'no accounts connected yet; connect one with `pillars account connect` (see --help)'
        : table(['ID', 'NETWORK', 'HANDLE', 'URL'], items.map((a) => [a.accountId, a.network, a.handle, a.baseUrl]))),
};
