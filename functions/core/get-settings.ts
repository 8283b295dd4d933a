import { httpHandler } from '../../shared/platform/middleware/http.js';
import { tableDeps } from '../../shared/platform/dependencies.js';

const { settings } = tableDeps();

export const handler = httpHandler({}, async ({ brandId }) => ({ statusCode: 200, body: await settings.get(brandId) }));
