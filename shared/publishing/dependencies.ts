/**
 * The publishing functions' production dependencies, built once per container from the
 * environment the CDK stack sets. Domain functions take these as arguments; tests pass their own.
 */
import { ulid } from 'ulid';
import { documentClient, scheduler, secretsManager } from '../platform/clients.js';
import { getNumberFromEnv, getStringFromEnv } from '../platform/config.js';
import { busPublisher, tableDeps } from '../platform/dependencies.js';
import { createAdapterRegistry } from '../networks/registry.js';
import { createCredentialStore, type CredentialStore } from '../networks/accounts/credentials.js';
import { createShortenerResolver } from './links/resolve-shortener.js';
import { BITLY_API } from './links/bitly.js';
import { createLocks } from '../platform/store/locks.js';
import { createRateLimitRepository } from './store/rate-limit-repository.js';
import { createPauseRepository } from './queue-pause.js';
import { createQueueRepository } from './queue-slots.js';
import type { NetworkAccount, NetworkAdapter, NetworkCredentials } from '../networks/contract.js';
import { createPublishScheduler } from './publish-schedule.js';

export function publishSchedulerFromEnv(targetArn: () => string) {
  return createPublishScheduler(scheduler, {
    groupName: getStringFromEnv('PUBLISH_SCHEDULE_GROUP'),
    targetArn,
    roleArn: getStringFromEnv('PUBLISH_SCHEDULER_ROLE_ARN'),
    deadLetterArn: getStringFromEnv('DEAD_LETTER_QUEUE_ARN'),
  });
}

/** For functions that schedule posts; the publisher's ARN comes from PUBLISH_FUNCTION_ARN. */
export function publishingDeps(targetArn: () => string = constant(getStringFromEnv('PUBLISH_FUNCTION_ARN'))) {
  return {
    ...tableDeps(),
    adapters: createAdapterRegistry(),
    queues: queueRepositoryFromEnv(),
    shortenerFor: shortenerFromEnv(),
    scheduler: publishSchedulerFromEnv(targetArn),
    publish: busPublisher(),
    now: () => new Date(),
    newId: () => ulid(),
  };
}

/** Reading credentials, and refreshing them under a lock, per each network's policy. */
export function credentialDeps() {
  const store = createCredentialStore(
    secretsManager, getStringFromEnv('NETWORK_CREDENTIALS_SECRET_ARN'), createLocks(documentClient, getStringFromEnv('TABLE_NAME')),
  );
  return {
    credentials: store.get,
    refreshCredentials: async (account: NetworkAccount, adapter: NetworkAdapter, rejected: NetworkCredentials) => {
      const app = await store.app(adapter.network);
      return store.refresh(account.accountId, rejected, (current) => adapter.refreshCredentials(account, current, app));
    },
  };
}

/** For the publisher itself, which reschedules itself (retries, reconciliation) by its own ARN. */
export function publisherDeps(selfArn: () => string) {
  return {
    ...publishingDeps(selfArn),
    ...credentialDeps(),
    pauses: pauseRepositoryFromEnv(),
    rateLimits: createRateLimitRepository(documentClient, getStringFromEnv('TABLE_NAME')),
    policy: { leaseMs: getNumberFromEnv('PUBLISH_LEASE_SECONDS', 120) * 1000 },
  };
}

const constant = (value: string) => () => value;

/**
 * The brand's link shortener. The secret is opened only when a brand has chosen a shortener, so
 * functions without NETWORK_CREDENTIALS_SECRET_ARN still start; such a post records the missing
 * setting in its `linkNote` and keeps its full link.
 */
function shortenerFromEnv() {
  let store: CredentialStore | undefined;
  return createShortenerResolver({
    settings: tableDeps().settings,
    secretEntry: (key) => {
      store ??= createCredentialStore(secretsManager, getStringFromEnv('NETWORK_CREDENTIALS_SECRET_ARN'), createLocks(documentClient, getStringFromEnv('TABLE_NAME')));
      return store.service(key);
    },
    bitlyBaseUrl: getStringFromEnv('BITLY_API_URL', BITLY_API),
  });
}

export function queueRepositoryFromEnv() {
  return createQueueRepository(documentClient, getStringFromEnv('TABLE_NAME'));
}

export function pauseRepositoryFromEnv() {
  return createPauseRepository(documentClient, getStringFromEnv('TABLE_NAME'));
}

/** For the queue's pause and resume (by hand or on crisis events). */
export function queueDeps() {
  const { posts } = tableDeps();
  return { pauses: pauseRepositoryFromEnv(), posts, scheduler: publishSchedulerFromEnv(constant(getStringFromEnv('PUBLISH_FUNCTION_ARN'))), publish: busPublisher(), now: () => new Date() };
}
