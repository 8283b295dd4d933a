/** GET /queue, POST /queue/pause, POST /queue/resume: crisis mode by hand. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { pauseQueueInput, routes } from '../../shared/contracts/api/routes.js';
import { pauseQueue, resumeQueue } from '../../shared/publishing/queue-pause.js';
import { queueDeps } from '../../shared/publishing/dependencies.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { toFieldIssues } from '../../shared/platform/middleware/zod-issues.js';

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
