/**
 * On PostPublished: records the post in analytics' own read model and plans its metric snapshots
 * at the brand's ages (default +1 h, +24 h, +7 d, +30 d). Each becomes a due item the collector
 * takes when its time comes. Handling a redelivered event writes the same keys, so each age is
 * still taken once. Version 1 of the event carries no text, campaign or pillar: those stay empty.
 */
import type { DetailOf, PostPublished, PostPublishedV1 } from '../contracts/events/catalogue.js';
import type { AnalyticsSettingsRepository } from './settings.js';
import { snapshotAgeSeconds } from './settings.js';
import { slotForAge, type SnapshotDue, type SnapshotsRepository } from './store/snapshots-repository.js';
import type { PublishedPost, PublishedPostsRepository } from './store/published-posts-repository.js';

export interface PlanSnapshotsDeps {
  readonly publishedPosts: Pick<PublishedPostsRepository, 'record'>;
  readonly analyticsSettings: AnalyticsSettingsRepository;
  readonly snapshots: Pick<SnapshotsRepository, 'planDue'>;
}

export type PublishedDetail = DetailOf<typeof PostPublished> | DetailOf<typeof PostPublishedV1>;

/** What a snapshot carries of its post's text: enough for top and bottom post lists. */
const TEXT_IN_SNAPSHOT = 280;

export async function planSnapshots(deps: PlanSnapshotsDeps, published: PublishedDetail): Promise<SnapshotDue[]> {
  const post = publishedPost(published);
  await deps.publishedPosts.record([post]);
  const settings = await deps.analyticsSettings.get(published.brandId);
  const publishedMs = Date.parse(published.publishedAt);
  const dues = snapshotAgeSeconds(settings).map((ageSeconds): SnapshotDue => ({
    brandId: post.brandId,
    postId: post.postId,
    accountId: post.accountId,
    network: post.network,
    networkPostId: post.networkPostId,
    publishedAt: post.publishedAt,
    url: post.url,
    text: post.text?.slice(0, TEXT_IN_SNAPSHOT),
    campaign: post.campaign,
    pillar: post.pillar,
    slot: slotForAge(ageSeconds),
    ageSeconds,
    dueAt: new Date(publishedMs + ageSeconds * 1000).toISOString(),
    attempts: 0,
  }));
  await deps.snapshots.planDue(dues);
  return dues;
}

function publishedPost(published: PublishedDetail): PublishedPost {
  const extra = 'text' in published
    ? { text: published.text, link: published.link, campaign: published.campaign, pillar: published.pillar }
    : {};
  return {
    brandId: published.brandId, postId: published.postId, accountId: published.accountId, network: published.network,
    networkPostId: published.networkPostId, publishedAt: published.publishedAt, url: published.url, ...extra,
  };
}
