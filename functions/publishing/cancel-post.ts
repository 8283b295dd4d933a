import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { cancelPost, publishingDeps, toPublicPost } from '../../shared/publishing/index.js';

const deps = publishingDeps();

export const handler = httpHandler({ path: routes.cancelPost.path_ }, async ({ brandId, path }) => ({
  statusCode: 200,
  body: toPublicPost(await cancelPost(brandId, path.postId, deps)),
}));
