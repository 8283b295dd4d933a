/** Names of deployed resources that the CDK app creates and the code or the local runtime look up. */

/** The secret with each brand's GA4 service account and conversion-webhook signing secret. */
export const WEB_ANALYTICS_SECRET = 'pillars/web-analytics';
