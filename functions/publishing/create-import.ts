/** POST /imports: an import job and the presigned URL its CSV is uploaded to. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { createImport, importJobsDeps } from '../../shared/publishing/index.js';

const deps = importJobsDeps();

export const handler = httpHandler({ body: routes.createImport.body }, async ({ brandId, userId, body }) => {
  return { statusCode: 201, body: await createImport(brandId, body ?? {}, userId, deps) };
});
