/** GET /reports, GET /reports/{reportId} and GET /reports/{reportId}/files/{name}. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { NotFoundError } from '../../shared/platform/errors.js';
import { reportFilePath } from '../../shared/contracts/api/analytics.js';
import { getReport, reportReadDeps } from '../../shared/analytics/index.js';

const { reports, store } = reportReadDeps();

export const handler = httpHandler({ path: reportFilePath.partial() }, async ({ brandId, path, routeKey }) => {
  const { reportId, name } = path;
  if (!reportId) return { statusCode: 200, body: { items: await reports.list(brandId, 50) } };
  const record = await reports.get(brandId, reportId);
  if (!record) throw new NotFoundError(`report ${reportId}`);
  if (!routeKey.endsWith('/files/{name}')) return { statusCode: 200, body: record };
  const files = await getReport(store, { brandId, reportId });
  if (name === 'index.html') return { statusCode: 200, contentType: 'text/html; charset=utf-8', body: files.html };
  const csv = files.csvs.find((c) => c.name === name);
  if (!csv) throw new NotFoundError(`file ${name} of report ${reportId}`);
  return { statusCode: 200, contentType: 'text/csv; charset=utf-8', body: csv.content };
});
