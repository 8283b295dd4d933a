/**
 * The analytics functions' production dependencies, built once per container from the
 * environment the CDK stack sets. Domain functions take these as arguments; tests pass their own.
 */
import { documentClient } from '../platform/clients.js';
import { getStringFromEnv } from '../platform/config.js';
import { busPublisher, tableDeps } from '../platform/dependencies.js';
import { createAdapterRegistry } from '../networks/registry.js';
import { credentialDeps } from '../publishing/dependencies.js';
import { createSnapshotsRepository } from './store/snapshots-repository.js';
import { createAnalyticsSettingsRepository } from './settings.js';

export function analyticsTableDeps() {
  const tableName = getStringFromEnv('TABLE_NAME');
  return {
    ...tableDeps(),
    snapshots: createSnapshotsRepository(documentClient, tableName),
    analyticsSettings: createAnalyticsSettingsRepository(documentClient, tableName),
  };
}

/** For the collectors, which call the networks with the accounts' credentials. */
export function collectorDeps() {
  return { ...analyticsTableDeps(), ...credentialDeps(), adapters: createAdapterRegistry(), publish: busPublisher(), now: () => new Date() };
}
