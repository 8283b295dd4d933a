/** The brand-wide routes' inputs: connecting accounts and the brand's settings. */
import { z } from 'zod';
import { isTimeZone } from './fields.js';
import { DEFAULT_BASE_URL, EXTERNAL_ID, NETWORK_NAMES as NETWORKS } from '../networks.js';

export const linkShortenerSetting = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('bitly'),
    /** A Bitly or branded short domain (e.g. bit.ly, go.example.com); Bitly's account default when absent. */
    domain: z.string().trim().min(1).regex(/^[a-z0-9.-]+$/i, 'must be a domain name such as bit.ly').optional(),
    /** The Bitly group the links belong to; the token's default group when absent. */
    groupGuid: z.string().trim().min(1).optional(),
  }).strict(),
  z.object({ provider: z.literal('none') }).strict(),
], { error: 'must be { "provider": "bitly", "domain"?: "...", "groupGuid"?: "..." } or { "provider": "none" }' });

export type LinkShortenerSetting = z.infer<typeof linkShortenerSetting>;

export const brandSettingsInput = z.object({
  requireApproval: z.boolean({ error: 'must be true or false' }),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
  /** Shortens post links after UTM tagging; absent or `none` keeps them as they are. */
  linkShortener: linkShortenerSetting.optional(),
}).strict();

/** Where an account lives; connecting names its id too, re-pointing finds it by the path. */
const accountLocation = {
  network: z.enum(NETWORKS, { error: `must be one of ${NETWORKS.join(', ')}` }),
  handle: z.string({ error: 'required: the account name on the network, e.g. @brand' }).min(1),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be the API base URL, e.g. https://mastodon.social' }).optional(),
  externalId: z.string().min(1).max(200).optional(),
};

function requireNetworkFields(input: { network: (typeof NETWORKS)[number]; baseUrl?: string; externalId?: string }, ctx: z.RefinementCtx) {
  const needs = EXTERNAL_ID[input.network];
  if (needs && !input.externalId) ctx.addIssue({ code: 'custom', path: ['externalId'], message: `required for ${input.network}: ${needs}` });
  if (!input.baseUrl && !DEFAULT_BASE_URL[input.network]) {
    ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `required for ${input.network}: the server's URL, e.g. https://mastodon.social` });
  }
}

export const createAccountInput = z.object({
  accountId: z.string({ error: 'required: a stable id such as "mastodon-main"' })
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use 2-63 lowercase letters, digits and dashes'),
  ...accountLocation,
}).strict().superRefine(requireNetworkFields);

/** PUT /accounts/{accountId}: the whole location again; `network` must be the account's own. */
export const repointAccountInput = z.object(accountLocation).strict().superRefine(requireNetworkFields);
