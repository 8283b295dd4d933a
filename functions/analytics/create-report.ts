/** POST /reports: builds a report now for the period asked (default: the last 7 full days). */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { generateReport, reportDeps } from '../../shared/analytics/index.js';

const deps = reportDeps();

export const handler = httpHandler({ body: routes.createReport.body }, async ({ brandId, userId, body }) => {
  const record = await generateReport(deps, { brandId, input: body, trigger: 'on_demand', requestedBy: userId });
  return { statusCode: 201, body: record };
});
