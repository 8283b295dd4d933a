import { httpHandler } from '../../shared/middleware/http.js';
import { tableDeps } from '../../shared/dependencies.js';

const { accounts } = tableDeps();

export const handler = httpHandler({}, async ({ brandId }) => ({
  statusCode: 200,
  body: { items: await accounts.list(brandId) },
}));
