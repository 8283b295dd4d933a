/**
 * Connecting a network account to a brand. The account's id is chosen by the caller so that it
 * can match the key under which its credentials are stored in the credentials secret.
 */
import type { AccountsRepository } from './accounts-repository.js';
import type { NetworkAccount } from '../contract.js';
import { DEFAULT_BASE_URL } from '../../contracts/networks.js';
import type { createAccountInput } from '../../contracts/api/settings.js';
import type { z } from 'zod';

export type CreateAccountInput = z.infer<typeof createAccountInput>;

export async function connectAccount(brandId: string, input: CreateAccountInput, accounts: AccountsRepository): Promise<NetworkAccount> {
  const baseUrl = (input.baseUrl ?? DEFAULT_BASE_URL[input.network]!).replace(/\/+$/, '');
  const account: NetworkAccount = { brandId, ...input, baseUrl };
  await accounts.put(account);
  return account;
}
