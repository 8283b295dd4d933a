import { httpHandler } from '../../shared/middleware/http.js';
import { routes } from '../../shared/api/routes.js';
import { createPost } from '../../shared/publishing/create-post.js';
import { toPublicPost } from '../../shared/publishing/post.js';
import { publishingDeps } from '../../shared/publishing/dependencies.js';

const deps = publishingDeps();

export const handler = httpHandler({ body: routes.createPost.body }, async ({ brandId, body }) => ({
  statusCode: 201,
  body: toPublicPost(await createPost(brandId, body, deps)),
}));
