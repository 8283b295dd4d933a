import { httpHandler } from '../../shared/middleware/http.js';
import { routes } from '../../shared/api/routes.js';
import { connectAccount } from '../../shared/accounts/create-account.js';
import { tableDeps } from '../../shared/dependencies.js';

const { accounts } = tableDeps();

export const handler = httpHandler({ body: routes.createAccount.body }, async ({ brandId, body }) => ({
  statusCode: 201,
  body: await connectAccount(brandId, body, accounts),
}));
