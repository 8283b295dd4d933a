/**
 * The publishing functions' production dependencies, built once per container from the
 * environment the CDK stack sets. Domain functions take these as arguments; tests pass their own.
 */
import { ulid } from 'ulid';
import { documentClient, scheduler } from '../platform/clients.js';
import { getNumberFromEnv, getStringFromEnv } from '../platform/config.js';
import { brandSettings, busPublisher, tableName } from '../platform/dependencies.js';
import { accountsRepository, credentialDeps, credentialStoreFromEnv } from '../networks/accounts/dependencies.js';
import { createPostsRepository } from './store/posts-repository.js';
import { createAdapterRegistry } from '../networks/registry.js';
import type { CredentialStore } from '../networks/accounts/credentials.js';
import { createShortenerResolver } from './links/resolve-shortener.js';
import { BITLY_API } from './links/bitly.js';
import { createRateLimitRepository } from './store/rate-limit-repository.js';
import { createPauseRepository } from './queue-pause.js';
import { createQueueRepository } from './queue-slots.js';
import { createPublishScheduler } from './publish-schedule.js';

/** The repositories most publishing functions read: posts, accounts and the brand's settings. */
export function tableDeps() {
  return { posts: createPostsRepository(documentClient, tableName()), accounts: accountsRepository(), settings: brandSettings() };
}

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

/** For the publisher itself, which reschedules itself (retries, reconciliation) by its own ARN. */
export function publisherDeps(selfArn: () => string) {
  return {
    ...publishingDeps(selfArn),
    ...credentialDeps(),
    pauses: pauseRepositoryFromEnv(),
    rateLimits: createRateLimitRepository(documentClient, tableName()),
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
      store ??= credentialStoreFromEnv();
      return store.service(key);
    },
    bitlyBaseUrl: getStringFromEnv('BITLY_API_URL', BITLY_API),
  });
}

export { credentialDeps };

export function queueRepositoryFromEnv() {
  return createQueueRepository(documentClient, tableName());
}

export function pauseRepositoryFromEnv() {
  return createPauseRepository(documentClient, tableName());
}

/** For the queue's pause and resume (by hand or on crisis events). */
export function queueDeps() {
  const { posts } = tableDeps();
  return { pauses: pauseRepositoryFromEnv(), posts, scheduler: publishSchedulerFromEnv(constant(getStringFromEnv('PUBLISH_FUNCTION_ARN'))), publish: busPublisher(), now: () => new Date() };
}

/** For the daily credential check, which refreshes expiring tokens through each network's adapter. */
export function credentialCheckDeps() {
  return { accounts: accountsRepository(), ...credentialDeps(), adapters: createAdapterRegistry(), publish: busPublisher(), now: () => new Date() };
}
