/** POST /accounts: an admin connects a network account to the brand (409 for an id it already has). */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { accountsRepository, connectAccount } from '../../shared/networks/accounts/index.js';

const accounts = accountsRepository();

export const handler = httpHandler({ body: routes.createAccount.body }, async ({ brandId, body }) => ({
  statusCode: 201,
  body: await connectAccount(brandId, body, accounts),
}));
