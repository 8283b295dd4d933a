import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { buildCalendar, tableDeps } from '../../shared/publishing/index.js';

const { posts, settings } = tableDeps();

export const handler = httpHandler({ query: routes.getCalendar.query }, async ({ brandId, query }) => ({
  statusCode: 200,
  body: await buildCalendar(brandId, query, posts, (await settings.get(brandId)).timezone),
}));
