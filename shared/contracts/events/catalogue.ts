/**
 * The event catalogue: every domain event on the Pillars bus, declared once.
 * Producers publish through it (`publishEvents`), consumers parse through it (`parseEvent`),
 * and CDK rules derive their patterns from it (`patternFor`), so a name is never retyped.
 *
 * `source` is `pillars.<pillar>`; `detail-type` is a past-tense PascalCase fact; `version`
 * is carried in every detail as `schemaVersion` so consumers can tell contract changes apart.
 */
import { z } from 'zod';

export type Pillar = 'strategy' | 'publishing' | 'listening' | 'analytics' | 'advertising';

export interface CatalogueEntry<S extends z.ZodType = z.ZodType> {
  readonly source: `pillars.${Pillar}`;
  readonly detailType: string;
  readonly version: number;
  readonly description: string;
  readonly schema: S;
}

export type DetailOf<E extends CatalogueEntry> = z.infer<E['schema']>;

function defineEvent<const P extends Pillar, S extends z.ZodRawShape>(def: {
  pillar: P;
  detailType: string;
  version: number;
  description: string;
  shape: S;
}) {
  return {
    source: `pillars.${def.pillar}` as const,
    detailType: def.detailType,
    version: def.version,
    description: def.description,
    schema: z.object({ schemaVersion: z.literal(def.version), ...def.shape }),
  } satisfies CatalogueEntry;
}

const isoTime = z.iso.datetime({ offset: true });
const postRef = {
  brandId: z.string().min(1),
  postId: z.string().min(1),
  accountId: z.string().min(1),
  network: z.string().min(1),
};

export const PostScheduled = defineEvent({
  pillar: 'publishing',
  detailType: 'PostScheduled',
  version: 1,
  description: 'A post was accepted and its one-off publish schedule created.',
  shape: { ...postRef, dueAt: isoTime },
});

/** Version 1, still readable while an older publisher may emit it; new code emits PostPublished (version 2). */
export const PostPublishedV1 = defineEvent({
  pillar: 'publishing',
  detailType: 'PostPublished',
  version: 1,
  description: 'A post is live on its network; carries the network id used to collect its metrics, and what of it did not go out (a thread reply, the first comment), if anything.',
  shape: {
    ...postRef, networkPostId: z.string().min(1), url: z.string().optional(), dueAt: isoTime, publishedAt: isoTime,
    partialFailure: z.string().min(1).optional(),
  },
});

export const PostPublished = defineEvent({
  pillar: 'publishing',
  detailType: 'PostPublished',
  version: 2,
  description: 'A post is live on its network: the network id used to collect its metrics, what of it did not go out (a thread reply, the first comment), if anything, and what other pillars keep of it (text, link, campaign, content pillar).',
  shape: {
    ...postRef, networkPostId: z.string().min(1), url: z.string().optional(), dueAt: isoTime, publishedAt: isoTime,
    partialFailure: z.string().min(1).optional(),
    text: z.string(),
    link: z.string().optional(),
    campaign: z.string().optional(),
    pillar: z.string().optional(),
  },
});

export const PostFailed = defineEvent({
  pillar: 'publishing',
  detailType: 'PostFailed',
  version: 1,
  description: 'A post could not be published and will not be retried; `reason` says why and what to do.',
  shape: {
    ...postRef,
    reason: z.string().min(1),
    errorKind: z.enum(['retry_later', 'refresh_credentials', 'bad_content', 'disconnected', 'unknown_outcome', 'internal']),
  },
});

export const PostUnconfirmed = defineEvent({
  pillar: 'publishing',
  detailType: 'PostUnconfirmed',
  version: 1,
  description: 'The network call outcome is unknown (timeout after sending); the post is being reconciled, not retried blindly.',
  shape: { ...postRef, reason: z.string().min(1) },
});

export const CredentialExpiryNoticed = defineEvent({
  pillar: 'publishing',
  detailType: 'CredentialExpiryNoticed',
  version: 1,
  description: "An account's token expires soon and could not be refreshed: reconnect it before posts start failing. Announced once per expiry.",
  shape: { brandId: z.string().min(1), accountId: z.string().min(1), network: z.string().min(1), expiresAt: isoTime, daysLeft: z.number() },
});

export const CrisisDetected = defineEvent({
  pillar: 'listening',
  detailType: 'CrisisDetected',
  version: 1,
  description: "A spike of negative mentions put the brand in crisis mode: its publishing queue pauses until it is resolved.",
  shape: { brandId: z.string().min(1), reason: z.string().min(1), detectedAt: isoTime },
});

export const CrisisResolved = defineEvent({
  pillar: 'listening',
  detailType: 'CrisisResolved',
  version: 1,
  description: 'The crisis is over: a queue paused by it resumes.',
  shape: { brandId: z.string().min(1), resolvedAt: isoTime },
});

export const QueuePaused = defineEvent({
  pillar: 'publishing',
  detailType: 'QueuePaused',
  version: 1,
  description: "A brand's publishing queue paused (crisis or by hand): due posts are held, not published.",
  shape: { brandId: z.string().min(1), reason: z.string().min(1), cause: z.enum(['crisis', 'manual']) },
});

export const QueueResumed = defineEvent({
  pillar: 'publishing',
  detailType: 'QueueResumed',
  version: 1,
  description: 'A paused queue resumed; held posts were rescheduled (or returned to draft when stale).',
  shape: { brandId: z.string().min(1), rescheduled: z.number().int().nonnegative(), returnedToDraft: z.number().int().nonnegative() },
});

const metricValues = z.record(z.string(), z.number().nonnegative().nullable());

export const PostMetricsCollected = defineEvent({
  pillar: 'analytics',
  detailType: 'PostMetricsCollected',
  version: 1,
  description: "A snapshot of a published post's metrics was stored; null means the network did not give that metric.",
  shape: {
    ...postRef,
    slot: z.string().min(1),
    ageMinutes: z.number().nonnegative(),
    observedAt: isoTime,
    partial: z.boolean(),
    values: metricValues,
  },
});

export const AccountMetricsCollected = defineEvent({
  pillar: 'analytics',
  detailType: 'AccountMetricsCollected',
  version: 1,
  description: "A day's snapshot of an account's audience metrics (followers, reach, impressions, profile visits) was stored.",
  shape: {
    brandId: z.string().min(1),
    accountId: z.string().min(1),
    network: z.string().min(1),
    day: z.iso.date(),
    observedAt: isoTime,
    partial: z.boolean(),
    values: metricValues,
  },
});

export const ReportGenerated = defineEvent({
  pillar: 'analytics',
  detailType: 'ReportGenerated',
  version: 1,
  description: "A brand's report was built, stored and mailed; `location` is where its HTML lives.",
  shape: {
    brandId: z.string().min(1),
    reportId: z.string().min(1),
    from: isoTime,
    to: isoTime,
    location: z.string().min(1),
    trigger: z.enum(['schedule', 'on_demand']),
  },
});

export const catalogue = [PostScheduled, PostPublishedV1, PostPublished, PostFailed, PostUnconfirmed, CredentialExpiryNoticed, QueuePaused, QueueResumed, CrisisDetected, CrisisResolved,
  PostMetricsCollected, AccountMetricsCollected, ReportGenerated] as const;

/** The events that page the operators (through the alarm topic). */
export const ALERTED_EVENTS = [PostFailed, PostUnconfirmed, CredentialExpiryNoticed] as const;
