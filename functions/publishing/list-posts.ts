import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { tableDeps, toPublicPost } from '../../shared/publishing/index.js';

const { posts } = tableDeps();

export const handler = httpHandler({ query: routes.listPosts.query }, async ({ brandId, query }) => {
  const page = await posts.list(brandId, query);
  return { statusCode: 200, body: { items: page.items.map(toPublicPost), cursor: page.cursor } };
});
