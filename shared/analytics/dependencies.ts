/**
 * The analytics functions' production dependencies, built once per container from the
 * environment the CDK stack sets. Domain functions take these as arguments; tests pass their own.
 */
import { documentClient } from '../platform/clients.js';
import { brandSettings, busPublisher, tableName } from '../platform/dependencies.js';
import { accountsRepository, credentialDeps } from '../networks/accounts/dependencies.js';
import { createAdapterRegistry } from '../networks/registry.js';
import { createSnapshotsRepository } from './store/snapshots-repository.js';
import { createPublishedPostsRepository } from './store/published-posts-repository.js';
import { createAnalyticsSettingsRepository } from './settings.js';

export function analyticsTableDeps() {
  return {
    accounts: accountsRepository(),
    settings: brandSettings(),
    publishedPosts: createPublishedPostsRepository(documentClient, tableName()),
    snapshots: createSnapshotsRepository(documentClient, tableName()),
    analyticsSettings: createAnalyticsSettingsRepository(documentClient, tableName()),
  };
}

/** For the collectors, which call the networks with the accounts' credentials. */
export function collectorDeps() {
  return { ...analyticsTableDeps(), ...credentialDeps(), adapters: createAdapterRegistry(), publish: busPublisher(), now: () => new Date() };
}
