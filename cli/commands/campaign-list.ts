import type { Campaign } from '../../shared/analytics/campaigns/campaign.js';
import type { Command } from '../command.js';
import { table, truncate } from '../format.js';
import { callApi } from './api.js';

export const campaignList: Command = {
  name: 'campaign list',
  summary: "list the brand's campaigns with their cost",
  help: `Usage: pillars campaign list

Examples:
  pillars campaign list
  pillars campaign list --json`,
  options: {},
  positionals: [],
  usesApi: true,
  run: async (invocation) =>
    callApi<{ items: readonly Campaign[] }>(invocation, { method: 'GET', path: '/campaigns' }, ({ items }) =>
      items.length === 0
        ? 'no campaigns yet; add one with `pillars campaign set <name> --cost <amount> --currency <code>`'
        : table(['NAME', 'COST', 'CURRENCY', 'STARTS', 'ENDS', 'NOTES'], items.map((c) => [
          c.name, String(c.cost), c.currency, c.startsOn ?? '', c.endsOn ?? '', truncate(c.notes ?? '', 40),
        ]))),
};
