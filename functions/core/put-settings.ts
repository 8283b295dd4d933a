import { httpHandler } from '../../shared/middleware/http.js';
import { routes } from '../../shared/api/routes.js';
import { tableDeps } from '../../shared/dependencies.js';

const { settings } = tableDeps();

export const handler = httpHandler({ body: routes.putSettings.body }, async ({ brandId, body }) => {
  await settings.put(brandId, body);
  return { statusCode: 200, body };
});
