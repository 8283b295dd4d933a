import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { connectAccount } from '../../shared/networks/accounts/create-account.js';
import { tableDeps } from '../../shared/platform/dependencies.js';

const { accounts } = tableDeps();

export const handler = httpHandler({ body: routes.createAccount.body }, async ({ brandId, body }) => ({
  statusCode: 201,
  body: await connectAccount(brandId, body, accounts),
}));
