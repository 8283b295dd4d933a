/** POST /posts/{postId}/submit | approve | reject: the review steps, told apart by route. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes, rejectPostInput } from '../../shared/contracts/api/routes.js';
import { approvePost, rejectPost, submitForReview } from '../../shared/publishing/workflow.js';
import { toPublicPost } from '../../shared/publishing/post.js';
import { publishingDeps } from '../../shared/publishing/dependencies.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { toFieldIssues } from '../../shared/platform/middleware/zod-issues.js';

const deps = publishingDeps();

export const handler = httpHandler({ path: routes.approvePost.path_ }, async ({ brandId, userId, path, body, routeKey }) => {
  const { postId } = path;
  if (routeKey === `POST ${routes.submitPost.path}`) return { statusCode: 200, body: toPublicPost(await submitForReview(brandId, postId, deps)) };
  if (routeKey === `POST ${routes.approvePost.path}`) return { statusCode: 200, body: toPublicPost(await approvePost(brandId, postId, userId, deps)) };
  const parsed = rejectPostInput.safeParse(body);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'body'));
  return { statusCode: 200, body: toPublicPost(await rejectPost(brandId, postId, parsed.data.note, deps)) };
});
