import { httpHandler } from '../../shared/middleware/http.js';
import { campaignDeps } from '../../shared/web-analytics/dependencies.js';
import type { CampaignsRepository } from '../../shared/store/campaigns-repository.js';

export function listCampaignsHandler(deps: { campaigns: CampaignsRepository }) {
  return httpHandler({}, async ({ brandId }) => ({ statusCode: 200, body: { items: await deps.campaigns.list(brandId) } }));
}

export const handler = listCampaignsHandler(campaignDeps());
