import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { brandSettings } from '../../shared/platform/dependencies.js';

const settings = brandSettings();

// Only the admin group reaches this (the route's access): settings decide whether approval is required.
export const handler = httpHandler({ body: routes.putSettings.body }, async ({ brandId, body }) => {
  await settings.put(brandId, body);
  return { statusCode: 200, body };
});
