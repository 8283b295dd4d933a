/** Subscribed to PostPublished: plans the post's metric snapshots at the brand's ages. */
import { eventHandler } from '../../shared/platform/middleware/event.js';
import { PostPublished, PostPublishedV1 } from '../../shared/contracts/events/catalogue.js';
import { logger } from '../../shared/platform/observability.js';
import { analyticsTableDeps, planSnapshots } from '../../shared/analytics/index.js';

const deps = analyticsTableDeps();

export const handler = eventHandler([PostPublished, PostPublishedV1], async ({ detail }) => {
  const dues = await planSnapshots(deps, detail);
  logger.info('snapshots planned', { postId: detail.postId, ages: dues.map((d) => d.ageSeconds) });
});
