/** Names of deployed resources that the CDK app creates and the code or the local runtime look up. */

/** The secret with each brand's GA4 service account and conversion-webhook signing secret. */
export const WEB_ANALYTICS_SECRET = 'pillars/web-analytics';

/**
 * Each brand's own secret with its accounts' network credentials: a JSON object keyed by the
 * brand's account ids. The brand sits in the middle of the name, so a name never ends in "-" and
 * six characters, which Secrets Manager could take for the random suffix of an ARN.
 */
export const brandCredentialsSecretName = (brandId: string) => `pillars/brands/${brandId}/network-credentials`;

/** Every brand's credentials secret, for grants (brands are created at run time, not by the CDK app). */
export const BRAND_CREDENTIALS_SECRETS = brandCredentialsSecretName('*');
