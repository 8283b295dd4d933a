/** GET and PUT /accounts/{accountId}/queue: an account's weekly slots. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { NotFoundError, ValidationError } from '../../shared/platform/errors.js';
import { toFieldIssues } from '../../shared/platform/middleware/zod-issues.js';
import { queueInput } from '../../shared/contracts/api/publishing.js';
import { queueRepositoryFromEnv, tableDeps } from '../../shared/publishing/index.js';

const { accounts } = tableDeps();
const queues = queueRepositoryFromEnv();

export const handler = httpHandler({ path: routes.getAccountQueue.path_ }, async ({ brandId, path, body, routeKey }) => {
  const account = await accounts.get(brandId, path.accountId);
  if (!account) throw new NotFoundError(`account ${path.accountId}`);
  if (routeKey === `PUT ${routes.putAccountQueue.path}`) {
    const parsed = queueInput.safeParse(body);
    if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'body'));
    await queues.put(brandId, account.accountId, parsed.data);
  }
  const config = await queues.get(brandId, account.accountId);
  if (!config) throw new NotFoundError(`queue of account ${path.accountId}`);
  return { statusCode: 200, body: { ...config, next: await queues.upcoming(brandId, account.accountId, new Date(), 10) } };
});
