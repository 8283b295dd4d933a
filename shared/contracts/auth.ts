/** The token claims every management route reads (Cognito in AWS; the local token file locally). */

/** The JWT claim that scopes a token to one brand (a Cognito custom attribute in AWS). */
export const BRAND_CLAIM = 'custom:brand';

/** The JWT claim listing the caller's groups; API Gateway passes an array claim as "[a b]". */
export const GROUPS_CLAIM = 'cognito:groups';
