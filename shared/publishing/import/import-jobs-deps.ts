/** The import job functions' production dependencies, from the environment the publishing stack sets. */
import { ulid } from 'ulid';
import { documentClient, s3, s3Presigner } from '../../platform/clients.js';
import { getStringFromEnv } from '../../platform/config.js';
import { createImportsRepository } from '../store/imports-repository.js';
import type { ImportJobsDeps } from './import-jobs.js';

export function importJobsDeps(): ImportJobsDeps {
  return {
    imports: createImportsRepository(documentClient, getStringFromEnv('TABLE_NAME')),
    s3,
    presigner: s3Presigner,
    bucket: getStringFromEnv('IMPORTS_BUCKET_NAME'),
    now: () => new Date(),
    newId: () => ulid(),
  };
}
