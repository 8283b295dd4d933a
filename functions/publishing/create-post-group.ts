import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { idempotencyKeyHeader } from '../../shared/contracts/api/fields.js';
import { createPostGroup, publishingDeps, toPublicPost } from '../../shared/publishing/index.js';

const deps = publishingDeps();

export const handler = httpHandler({ body: routes.createPostGroup.body }, async ({ brandId, userId, body, headers }) => {
  const key = idempotencyKeyHeader.safeParse(headers['idempotency-key']);
  if (!key.success) throw new ValidationError([{ field: 'Idempotency-Key', message: key.error.issues[0]!.message }]);
  const group = await createPostGroup(brandId, body, deps, { idempotencyKey: key.data, userId });
  return { statusCode: 201, body: { groupId: group.groupId, posts: group.posts.map(toPublicPost) } };
});
