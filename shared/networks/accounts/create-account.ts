/**
 * Connecting a network account to a brand. The account's id is chosen by the caller so that it
 * can match the key under which its credentials are stored in the credentials secret.
 */
import { z } from 'zod';
import type { AccountsRepository } from './accounts-repository.js';
import type { NetworkAccount } from '../contract.js';
import { DEFAULT_BASE_URL, EXTERNAL_ID, NETWORKS } from '../registry.js';

export const createAccountInput = z.object({
  accountId: z.string({ error: 'required: a stable id such as "mastodon-main"' })
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use 2-63 lowercase letters, digits and dashes'),
  network: z.enum(NETWORKS, { error: `must be one of ${NETWORKS.join(', ')}` }),
  handle: z.string({ error: 'required: the account name on the network, e.g. @brand' }).min(1),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be the API base URL, e.g. https://mastodon.social' }).optional(),
  externalId: z.string().min(1).max(200).optional(),
}).strict().superRefine((input, ctx) => {
  const needs = EXTERNAL_ID[input.network];
  if (needs && !input.externalId) ctx.addIssue({ code: 'custom', path: ['externalId'], message: `required for ${input.network}: ${needs}` });
  if (!input.baseUrl && !DEFAULT_BASE_URL[input.network]) {
    ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `required for ${input.network}: the server's URL, e.g. https://mastodon.social` });
  }
});

export type CreateAccountInput = z.infer<typeof createAccountInput>;

export async function connectAccount(brandId: string, input: CreateAccountInput, accounts: AccountsRepository): Promise<NetworkAccount> {
  const baseUrl = (input.baseUrl ?? DEFAULT_BASE_URL[input.network]!).replace(/\/+$/, '');
  const account: NetworkAccount = { brandId, ...input, baseUrl };
  await accounts.put(account);
  return account;
}
