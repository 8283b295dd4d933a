import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { editPost, publishingDeps, toPublicPost } from '../../shared/publishing/index.js';

const deps = publishingDeps();

export const handler = httpHandler({ path: routes.editPost.path_, body: routes.editPost.body }, async ({ brandId, path, body }) => ({
  statusCode: 200,
  body: toPublicPost(await editPost(brandId, path.postId, body, deps)),
}));
