/**
 * Production dependencies that every function may share, built from the environment the CDK
 * stacks set (TABLE_NAME, EVENT_BUS_NAME). Each pillar builds its own repositories on top.
 */
import { documentClient, eventBridge } from './clients.js';
import { getStringFromEnv } from './config.js';
import { createSettingsRepository } from './brand-settings.js';
import { publishEvents, type OutgoingEvent } from './events/publisher.js';

export function tableName(): string {
  return getStringFromEnv('TABLE_NAME');
}

export function brandSettings() {
  return createSettingsRepository(documentClient, tableName());
}

export function busPublisher() {
  const busName = getStringFromEnv('EVENT_BUS_NAME');
  return (events: OutgoingEvent[]) => publishEvents({ client: eventBridge, busName }, events);
}
