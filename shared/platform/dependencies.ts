/**
 * Production dependencies every pillar shares, built once per container from the environment
 * the CDK stacks set (TABLE_NAME, EVENT_BUS_NAME). Domain functions take them as arguments.
 */
import { documentClient, eventBridge } from './clients.js';
import { getStringFromEnv } from './config.js';
import { createPostsRepository } from '../publishing/store/posts-repository.js';
import { createAccountsRepository } from '../networks/accounts/accounts-repository.js';
import { createSettingsRepository } from './brand-settings.js';
import { publishEvents, type OutgoingEvent } from './events/publisher.js';

export function tableDeps() {
  const tableName = getStringFromEnv('TABLE_NAME');
  return {
    posts: createPostsRepository(documentClient, tableName),
    accounts: createAccountsRepository(documentClient, tableName),
    settings: createSettingsRepository(documentClient, tableName),
  };
}

export function busPublisher() {
  const busName = getStringFromEnv('EVENT_BUS_NAME');
  return (events: OutgoingEvent[]) => publishEvents({ client: eventBridge, busName }, events);
}
