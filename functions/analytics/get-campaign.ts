import { httpHandler } from '../../shared/middleware/http.js';
import { routes } from '../../shared/api/routes.js';
import { NotFoundError } from '../../shared/errors.js';
import { campaignDeps } from '../../shared/web-analytics/dependencies.js';
import type { CampaignsRepository } from '../../shared/store/campaigns-repository.js';

export function getCampaignHandler(deps: { campaigns: CampaignsRepository }) {
  return httpHandler({ path: routes.getCampaign.path_ }, async ({ brandId, path }) => {
    const campaign = await deps.campaigns.get(brandId, path.name);
    if (!campaign) throw new NotFoundError(`campaign ${path.name}`);
    return { statusCode: 200, body: campaign };
  });
}

export const handler = getCampaignHandler(campaignDeps());
