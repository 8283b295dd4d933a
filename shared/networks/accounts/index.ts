/** Connected accounts, the public face for the brand-wide (core) functions. */
export { connectAccount, repointAccount } from './create-account.js';
export { accountsRepository } from './dependencies.js';
