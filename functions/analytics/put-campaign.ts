import { httpHandler } from '../../shared/platform/middleware/http.js';
import { routes } from '../../shared/contracts/api/routes.js';
import { type Campaign, type CampaignsRepository, campaignDeps } from '../../shared/analytics/index.js';

export function putCampaignHandler(deps: { campaigns: CampaignsRepository; now: () => Date }) {
  return httpHandler({ body: routes.putCampaign.body, path: routes.putCampaign.path_ }, async ({ brandId, userId, body, path }) => {
    const campaign: Campaign = { ...body, name: path.name, updatedAt: deps.now().toISOString(), updatedBy: userId };
    await deps.campaigns.put(brandId, campaign);
    return { statusCode: 200, body: campaign };
  });
}

export const handler = putCampaignHandler({ ...campaignDeps(), now: () => new Date() });
