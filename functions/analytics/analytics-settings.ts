/** GET and PUT /analytics/settings: snapshot ages and report recipients (PUT: admin group only, by its route's access). */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { analyticsSettingsInput } from '../../shared/contracts/api/analytics.js';
import { analyticsTableDeps } from '../../shared/analytics/index.js';

const { analyticsSettings } = analyticsTableDeps();

export const handler = httpHandler({ body: analyticsSettingsInput.optional() }, async ({ brandId, body, routeKey }) => {
  if (routeKey.startsWith('GET ')) return { statusCode: 200, body: await analyticsSettings.get(brandId) };
  const settings = analyticsSettingsInput.parse(body ?? {});
  await analyticsSettings.put(brandId, settings);
  return { statusCode: 200, body: settings };
});
