/** GET /imports/{importId}: an import job's state, counts and rejected rows. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { getImport, importJobsDeps } from '../../shared/publishing/index.js';

const deps = importJobsDeps();

export const handler = httpHandler({ path: routes.getImport.path_ }, async ({ brandId, path }) => {
  // Keys start with the caller's brand, so another brand's import is simply not found.
  return { statusCode: 200, body: await getImport(brandId, path.importId, deps) };
});
