/**
 * S3 "Object Created" (via EventBridge) for the imports bucket: imports the uploaded CSV of an
 * import job. Redelivered events are harmless: only one delivery can claim the job.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { getNumberFromEnv } from '../../shared/platform/config.js';
import { logger } from '../../shared/platform/observability.js';
import { importJobsDeps, importUpload, publishingDeps } from '../../shared/publishing/index.js';

interface ObjectCreated {
  readonly bucket: { readonly name: string };
  readonly object: { readonly key: string; readonly size?: number };
}

const deps = { ...publishingDeps(), ...importJobsDeps(), leaseSeconds: getNumberFromEnv('IMPORT_LEASE_SECONDS') };

export const handler = async (event: EventBridgeEvent<'Object Created', ObjectCreated>): Promise<void> => {
  // EventBridge carries S3 keys as they are (not URL-encoded, unlike S3's own notifications).
  const key = event.detail.object.key;
  logger.appendKeys({ correlationId: event.id });
  const outcome = await importUpload(key, deps);
  logger.info('import upload handled', { key, outcome });
};
