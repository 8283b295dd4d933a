import { httpHandler } from '../../shared/platform/middleware/http.js';
import { campaignDeps } from '../../shared/analytics/web-analytics/dependencies.js';
import type { CampaignsRepository } from '../../shared/analytics/store/campaigns-repository.js';

export function listCampaignsHandler(deps: { campaigns: CampaignsRepository }) {
  return httpHandler({}, async ({ brandId }) => ({ statusCode: 200, body: { items: await deps.campaigns.list(brandId) } }));
}

export const handler = listCampaignsHandler(campaignDeps());
