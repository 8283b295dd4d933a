/** GET /queue, POST /queue/pause, POST /queue/resume: crisis mode by hand. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { toFieldIssues } from '../../shared/platform/middleware/zod-issues.js';
import { pauseQueueInput } from '../../shared/contracts/api/publishing.js';
import { pauseQueue, queueDeps, resumeQueue } from '../../shared/publishing/index.js';

const deps = queueDeps();

export const handler = httpHandler({}, async ({ brandId, body, routeKey }) => {
  if (routeKey === `POST ${routes.pauseQueue.path}`) {
    const parsed = pauseQueueInput.safeParse(body);
    if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'body'));
    return { statusCode: 200, body: await pauseQueue(brandId, 'manual', parsed.data.reason, deps) };
  }
  if (routeKey === `POST ${routes.resumeQueue.path}`) return { statusCode: 200, body: await resumeQueue(brandId, 'manual', deps) };
  return { statusCode: 200, body: await deps.pauses.get(brandId) };
});
