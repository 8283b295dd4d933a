/**
 * Production dependencies of the ROI inputs (web analytics, conversions, campaigns), built once per
 * container from TABLE_NAME and WEB_ANALYTICS_SECRET_ARN.
 */
import { documentClient, secretsManager } from '../../platform/clients.js';
import { getStringFromEnv } from '../../platform/config.js';
import { createCampaignsRepository } from '../store/campaigns-repository.js';
import { createConversionsRepository } from '../store/conversions-repository.js';
import { createWebAnalyticsRepository } from '../store/web-analytics-repository.js';
import { createWebAnalyticsSecrets } from './brand-secrets.js';

export function webAnalyticsDeps() {
  const tableName = getStringFromEnv('TABLE_NAME');
  return {
    secrets: createWebAnalyticsSecrets(secretsManager, getStringFromEnv('WEB_ANALYTICS_SECRET_ARN')),
    conversions: createConversionsRepository(documentClient, tableName),
    webAnalytics: createWebAnalyticsRepository(documentClient, tableName),
    now: () => new Date(),
  };
}

export function campaignDeps() {
  return { campaigns: createCampaignsRepository(documentClient, getStringFromEnv('TABLE_NAME')) };
}
