import { httpHandler } from '../../shared/platform/middleware/http.js';
import { tableDeps } from '../../shared/platform/dependencies.js';

const { accounts } = tableDeps();

export const handler = httpHandler({}, async ({ brandId }) => ({
  statusCode: 200,
  body: { items: await accounts.list(brandId) },
}));
