/** GET /accounts/{accountId}/queue/suggestions: the channel's best weekly slots from its own history. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { analyticsTableDeps, suggestQueueSlots } from '../../shared/analytics/index.js';

const deps = { ...analyticsTableDeps(), now: () => new Date() };

export const handler = httpHandler({ path: routes.suggestQueueSlots.path_ }, async ({ brandId, path }) => ({
  statusCode: 200, body: await suggestQueueSlots(deps, brandId, path.accountId),
}));
