import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { brandSettings } from '../../shared/platform/dependencies.js';
import { ForbiddenError } from '../../shared/platform/errors.js';

const settings = brandSettings();

export const handler = httpHandler({ body: routes.putSettings.body }, async ({ brandId, groups, body }) => {
  // Settings decide whether approval is required, so editors must not be able to switch it off.
  if (!groups.includes('admin')) throw new ForbiddenError('only members of the admin group can change brand settings');
  await settings.put(brandId, body);
  return { statusCode: 200, body };
});
