import { httpHandler } from '../../shared/platform/middleware/http.js';
import { brandSettings } from '../../shared/platform/dependencies.js';

const settings = brandSettings();

export const handler = httpHandler({}, async ({ brandId }) => ({ statusCode: 200, body: await settings.get(brandId) }));
