/**
 * On PostPublished: plans the post's metric snapshots at the brand's ages (default +1 h, +24 h,
 * +7 d, +30 d). Each becomes a due item the collector takes when its time comes. Planning twice
 * (a redelivered event) writes the same keys, so each age is still taken once.
 */
import type { DetailOf, PostPublished } from '../contracts/events/catalogue.js';
import type { Post } from '../publishing/post.js';
import type { AnalyticsSettingsRepository } from './settings.js';
import { snapshotAgeSeconds } from './settings.js';
import { slotForAge, type SnapshotDue, type SnapshotsRepository } from './store/snapshots-repository.js';

export interface PlanSnapshotsDeps {
  readonly posts: { get(brandId: string, postId: string): Promise<Post | undefined> };
  readonly analyticsSettings: AnalyticsSettingsRepository;
  readonly snapshots: Pick<SnapshotsRepository, 'planDue'>;
}

export async function planSnapshots(deps: PlanSnapshotsDeps, published: DetailOf<typeof PostPublished>): Promise<SnapshotDue[]> {
  const post = await deps.posts.get(published.brandId, published.postId);
  const settings = await deps.analyticsSettings.get(published.brandId);
  const publishedMs = Date.parse(published.publishedAt);
  const dues = snapshotAgeSeconds(settings).map((ageSeconds): SnapshotDue => ({
    brandId: published.brandId,
    postId: published.postId,
    accountId: published.accountId,
    network: published.network,
    networkPostId: published.networkPostId,
    publishedAt: published.publishedAt,
    url: published.url,
    text: post?.text.slice(0, 280),
    campaign: post?.campaign,
    pillar: post?.pillar,
    slot: slotForAge(ageSeconds),
    ageSeconds,
    dueAt: new Date(publishedMs + ageSeconds * 1000).toISOString(),
    attempts: 0,
  }));
  await deps.snapshots.planDue(dues);
  return dues;
}
