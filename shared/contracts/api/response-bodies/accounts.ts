/** What the account operations answer: connected network accounts and their weekly queues. */
import { z } from 'zod';
import { NETWORK_NAMES } from '../../networks.js';

export const account = z.strictObject({
  accountId: z.string(),
  brandId: z.string(),
  network: z.enum(NETWORK_NAMES),
  handle: z.string(),
  baseUrl: z.string().meta({ description: 'The API base URL the account is reached at' }),
  externalId: z.string().optional().meta({ description: "The account's id on the network where its API needs one" }),
  connectedAt: z.iso.datetime({ offset: true }).optional().meta({ description: 'When it was connected (absent for accounts connected before credentials were kept per brand)' }),
}).meta({ id: 'Account' });

export const accountList = z.strictObject({ items: z.array(account) });

export const accountQueue = z.strictObject({
  timezone: z.string(),
  slots: z.array(z.strictObject({
    day: z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']),
    time: z.string().meta({ description: 'HH:MM, 24-hour, in `timezone`' }),
  })),
  next: z.array(z.strictObject({ at: z.iso.datetime({ offset: true }), taken: z.boolean() })).meta({ description: 'The next 10 slots and whether a post holds each' }),
});
