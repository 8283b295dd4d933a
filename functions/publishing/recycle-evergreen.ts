/** Subscribed to PostPublished: schedules the next repeat of an evergreen post. */
import { eventHandler } from '../../shared/platform/middleware/event.js';
import { PostPublished, PostPublishedV1 } from '../../shared/contracts/events/catalogue.js';
import { logger } from '../../shared/platform/observability.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { publishingDeps, recycleEvergreen } from '../../shared/publishing/index.js';

const deps = publishingDeps();

export const handler = eventHandler([PostPublished, PostPublishedV1], async ({ detail }) => {
  const post = await deps.posts.get(detail.brandId, detail.postId);
  if (!post) return;
  try {
    const outcome = await recycleEvergreen(post, deps);
    logger.info(`evergreen: ${outcome.kind}`, { postId: post.postId });
  } catch (error) {
    // A repeat the network rules now refuse (e.g. its image is gone) will not pass on a retry either.
    if (!(error instanceof ValidationError)) throw error;
    logger.warn('evergreen repeat refused; the series stops here', { postId: post.postId, issues: error.issues });
  }
});
