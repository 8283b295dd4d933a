import { httpHandler } from '../../shared/platform/middleware/http.js';
import { type CampaignsRepository, campaignDeps } from '../../shared/analytics/index.js';

export function listCampaignsHandler(deps: { campaigns: CampaignsRepository }) {
  return httpHandler({}, async ({ brandId }) => ({ statusCode: 200, body: { items: await deps.campaigns.list(brandId) } }));
}

export const handler = listCampaignsHandler(campaignDeps());
