/** GET and PUT /analytics/settings: snapshot ages and report recipients (PUT: admin group only). */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { ForbiddenError } from '../../shared/platform/errors.js';
import { analyticsSettingsInput } from '../../shared/contracts/api/analytics.js';
import { analyticsTableDeps } from '../../shared/analytics/index.js';

const { analyticsSettings } = analyticsTableDeps();

export const handler = httpHandler({ body: analyticsSettingsInput.optional() }, async ({ brandId, groups, body, routeKey }) => {
  if (routeKey.startsWith('GET ')) return { statusCode: 200, body: await analyticsSettings.get(brandId) };
  if (!groups.includes('admin')) throw new ForbiddenError('only members of the admin group can change analytics settings');
  const settings = analyticsSettingsInput.parse(body ?? {});
  await analyticsSettings.put(brandId, settings);
  return { statusCode: 200, body: settings };
});
