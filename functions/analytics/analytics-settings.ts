/** GET and PUT /analytics/settings: snapshot ages and report recipients (PUT: admin group only). */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { analyticsSettingsInput } from '../../shared/analytics/settings.js';
import { analyticsTableDeps } from '../../shared/analytics/dependencies.js';
import { ForbiddenError } from '../../shared/platform/errors.js';

const { analyticsSettings } = analyticsTableDeps();

export const handler = httpHandler({ body: analyticsSettingsInput.optional() }, async ({ brandId, groups, body, routeKey }) => {
  if (routeKey.startsWith('GET ')) return { statusCode: 200, body: await analyticsSettings.get(brandId) };
  if (!groups.includes('admin')) throw new ForbiddenError('only members of the admin group can change analytics settings');
  const settings = analyticsSettingsInput.parse(body ?? {});
  await analyticsSettings.put(brandId, settings);
  return { statusCode: 200, body: settings };
});
