import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { NotFoundError } from '../../shared/platform/errors.js';
import { type CampaignsRepository, campaignDeps } from '../../shared/analytics/index.js';

export function getCampaignHandler(deps: { campaigns: CampaignsRepository }) {
  return httpHandler({ path: routes.getCampaign.path_ }, async ({ brandId, path }) => {
    const campaign = await deps.campaigns.get(brandId, path.name);
    if (!campaign) throw new NotFoundError(`campaign ${path.name}`);
    return { statusCode: 200, body: campaign };
  });
}

export const handler = getCampaignHandler(campaignDeps());
