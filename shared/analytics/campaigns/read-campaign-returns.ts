/** campaignReturns over the brand's stored campaigns, web analytics rows and conversions of the days `from`..`to`. */
import type { CampaignsRepository } from '../store/campaigns-repository.js';
import type { ConversionsRepository } from '../store/conversions-repository.js';
import type { WebAnalyticsRepository } from '../store/web-analytics-repository.js';
import { campaignReturns, type CampaignReturn } from './campaign-returns.js';

export interface ReadCampaignReturnsDeps {
  readonly campaigns: CampaignsRepository;
  readonly webAnalytics: WebAnalyticsRepository;
  readonly conversions: ConversionsRepository;
}

export async function readCampaignReturns(deps: ReadCampaignReturnsDeps, brandId: string, from: string, to: string): Promise<CampaignReturn[]> {
  const [campaigns, webAnalytics, conversions] = await Promise.all([
    deps.campaigns.list(brandId),
    deps.webAnalytics.listByDays(brandId, from, to),
    deps.conversions.listByDays(brandId, from, to),
  ]);
  return campaignReturns({ campaigns, webAnalytics, conversions });
}
