/**
 * Connecting a network account to a brand, and re-pointing one. The account's id is chosen by
 * the caller; it is the brand's own name for the account and the key of its credentials in the
 * brand's credentials secret, so the same id in another brand is simply another account.
 * Connecting never overwrites: an id the brand already has is a conflict, and moving an account
 * elsewhere is the explicit re-point, which keeps the account's network.
 */
import type { AccountsRepository } from './accounts-repository.js';
import type { NetworkAccount } from '../contract.js';
import { DEFAULT_BASE_URL } from '../../contracts/networks.js';
import type { createAccountInput, repointAccountInput } from '../../contracts/api/settings.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import type { z } from 'zod';

export type CreateAccountInput = z.infer<typeof createAccountInput>;
export type RepointAccountInput = z.infer<typeof repointAccountInput>;

export async function connectAccount(brandId: string, input: CreateAccountInput, accounts: AccountsRepository, now: () => Date = () => new Date()): Promise<NetworkAccount> {
  const account: NetworkAccount = { brandId, ...input, baseUrl: baseUrlOf(input), connectedAt: now().toISOString() };
  if (!(await accounts.create(account))) {
    throw new ConflictError(`this brand already has an account ${input.accountId}; to point it elsewhere, an admin sends PUT /accounts/${input.accountId}`);
  }
  return account;
}

export async function repointAccount(brandId: string, accountId: string, input: RepointAccountInput, accounts: AccountsRepository): Promise<NetworkAccount> {
  const existing = await accounts.get(brandId, accountId);
  if (!existing) throw new NotFoundError(`account ${accountId}`);
  if (existing.network !== input.network) {
    throw new ConflictError(`account ${accountId} is a ${existing.network} account; connect a new account id for ${input.network}`);
  }
  const { externalId: _previous, ...kept } = existing;
  const account: NetworkAccount = { ...kept, handle: input.handle, baseUrl: baseUrlOf(input), ...(input.externalId === undefined ? {} : { externalId: input.externalId }) };
  // The condition holds the network too: an account removed or replaced meanwhile is not recreated.
  if (!(await accounts.repoint(account))) throw new NotFoundError(`account ${accountId}`);
  return account;
}

function baseUrlOf(input: RepointAccountInput): string {
  return (input.baseUrl ?? DEFAULT_BASE_URL[input.network]!).replace(/\/+$/, '');
}
