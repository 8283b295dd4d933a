import { httpHandler } from '../../shared/middleware/http.js';
import { tableDeps } from '../../shared/dependencies.js';

const { settings } = tableDeps();

export const handler = httpHandler({}, async ({ brandId }) => ({ statusCode: 200, body: await settings.get(brandId) }));
