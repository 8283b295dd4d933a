/** POST /posts/{postId}/submit | approve | reject: the review steps, told apart by route. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { toFieldIssues } from '../../shared/platform/middleware/zod-issues.js';
import { rejectPostInput } from '../../shared/contracts/api/publishing.js';
import { approvePost, publishingDeps, rejectPost, submitForReview, toPublicPost } from '../../shared/publishing/index.js';

const deps = publishingDeps();

export const handler = httpHandler({ path: routes.approvePost.path_ }, async ({ brandId, userId, path, body, routeKey }) => {
  const { postId } = path;
  if (routeKey === `POST ${routes.submitPost.path}`) return { statusCode: 200, body: toPublicPost(await submitForReview(brandId, postId, deps)) };
  if (routeKey === `POST ${routes.approvePost.path}`) return { statusCode: 200, body: toPublicPost(await approvePost(brandId, postId, userId, deps)) };
  const parsed = rejectPostInput.safeParse(body);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'body'));
  return { statusCode: 200, body: toPublicPost(await rejectPost(brandId, postId, parsed.data.note, deps)) };
});
