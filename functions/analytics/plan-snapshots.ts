/** Subscribed to PostPublished: plans the post's metric snapshots at the brand's ages. */
import { eventHandler } from '../../shared/platform/middleware/event.js';
import { PostPublished } from '../../shared/contracts/events/catalogue.js';
import { planSnapshots } from '../../shared/analytics/plan-snapshots.js';
import { analyticsTableDeps } from '../../shared/analytics/dependencies.js';
import { logger } from '../../shared/platform/observability.js';

const deps = analyticsTableDeps();

export const handler = eventHandler([PostPublished], async ({ detail }) => {
  const dues = await planSnapshots(deps, detail);
  logger.info('snapshots planned', { postId: detail.postId, ages: dues.map((d) => d.ageSeconds) });
});
