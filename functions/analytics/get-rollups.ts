/** GET /analytics/rollups: posts and audience summed by day, week or month per channel, campaign or pillar. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { analyticsTableDeps, queryRollups } from '../../shared/analytics/index.js';

const deps = { ...analyticsTableDeps(), now: () => new Date() };

export const handler = httpHandler({ query: routes.getRollups.query }, async ({ brandId, query }) => ({
  statusCode: 200, body: await queryRollups(deps, brandId, query),
}));
