/** Subscribed to PostPublished: plans the post's metric snapshots at the brand's ages. */
import { eventHandler } from '../../shared/middleware/event.js';
import { PostPublished } from '../../shared/events/catalogue.js';
import { planSnapshots } from '../../shared/analytics/plan-snapshots.js';
import { analyticsTableDeps } from '../../shared/analytics/dependencies.js';
import { logger } from '../../shared/observability.js';

const deps = analyticsTableDeps();

export const handler = eventHandler([PostPublished], async ({ detail }) => {
  const dues = await planSnapshots(deps, detail);
  logger.info('snapshots planned', { postId: detail.postId, ages: dues.map((d) => d.ageSeconds) });
});
