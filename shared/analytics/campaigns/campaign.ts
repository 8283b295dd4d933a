/**
 * A campaign as the team enters it: its name is the `utm_campaign` value posts carry (post.campaign)
 * and GA4 and the conversion webhook report, so cost and returns meet on it.
 */
import { z } from 'zod';
import { isDay } from '../../platform/time/days.js';

const day = (what: string) => z.string({ error: `must be a date YYYY-MM-DD (${what})` }).refine(isDay, `must be a real date written YYYY-MM-DD (${what})`);

export const campaignNamePath = z.object({
  name: z.string().trim().min(1, 'required: the campaign name as used in utm_campaign').max(200, 'at most 200 characters')
    .refine((name) => !name.includes('#'), 'must not contain #'),
});

export const campaignInput = z.object({
  cost: z.number({ error: 'required: what the campaign cost, as a number ≥ 0 (e.g. 1200)' }).finite().nonnegative('must be 0 or more'),
  currency: z.string({ error: 'required: an ISO 4217 code such as EUR' }).regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, e.g. EUR'),
  startsOn: day('the first day of the campaign').optional(),
  endsOn: day('the last day of the campaign').optional(),
  notes: z.string().max(2000, 'at most 2000 characters').optional(),
}).strict().refine((c) => !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] });

export type CampaignInput = z.infer<typeof campaignInput>;

export interface Campaign extends CampaignInput {
  readonly name: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
