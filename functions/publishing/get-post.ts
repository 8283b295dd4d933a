import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { NotFoundError } from '../../shared/platform/errors.js';
import { tableDeps, toPublicPost } from '../../shared/publishing/index.js';

const { posts } = tableDeps();

export const handler = httpHandler({ path: routes.getPost.path_ }, async ({ brandId, path }) => {
  // Keys start with the caller's brand, so another brand's post is simply not found.
  const post = await posts.get(brandId, path.postId);
  if (!post) throw new NotFoundError(`post ${path.postId}`);
  return { statusCode: 200, body: toPublicPost(post) };
});
