/**
 * A campaign as the team enters it: its name is the `utm_campaign` value posts carry (post.campaign)
 * and GA4 and the conversion webhook report, so cost and returns meet on it.
 */
import type { z } from 'zod';
import type { campaignInput } from '../../contracts/api/analytics.js';

export type CampaignInput = z.infer<typeof campaignInput>;

export interface Campaign extends CampaignInput {
  readonly name: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
