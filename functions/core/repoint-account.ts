/** PUT /accounts/{accountId}: an admin points one of the brand's accounts elsewhere. */
import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { accountsRepository, repointAccount } from '../../shared/networks/accounts/index.js';

const accounts = accountsRepository();

export const handler = httpHandler({ path: routes.repointAccount.path_, body: routes.repointAccount.body }, async ({ brandId, path, body }) => ({
  statusCode: 200,
  body: await repointAccount(brandId, path.accountId, body, accounts),
}));
