import { accountsRepository } from '../../shared/networks/accounts/index.js';
import { httpHandler } from '../../shared/platform/middleware/http.js';

const accounts = accountsRepository();

export const handler = httpHandler({}, async ({ brandId }) => ({
  statusCode: 200,
  body: { items: await accounts.list(brandId) },
}));
