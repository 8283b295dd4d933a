import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { editPost } from '../../shared/publishing/workflow.js';
import { toPublicPost } from '../../shared/publishing/post.js';
import { publishingDeps } from '../../shared/publishing/dependencies.js';

const deps = publishingDeps();

export const handler = httpHandler({ path: routes.editPost.path_, body: routes.editPost.body }, async ({ brandId, path, body }) => ({
  statusCode: 200,
  body: toPublicPost(await editPost(brandId, path.postId, body, deps)),
}));
