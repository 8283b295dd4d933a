/** The single table's shape that the CDK app and the code agree on (keys are built in platform/store/keys.ts). */
export const GSI1 = 'gsi1';
export const TTL_ATTRIBUTE = 'expiresAt';
