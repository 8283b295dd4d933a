/**
 * What the import tells the caller about a failure it cannot show in full: shared by row validation and the
 * store stage so both word a failed look-up, store or schedule the same way without leaking internals.
 */
import { PillarsError } from '../../platform/errors.js';

/** A reason safe to show the caller: our own errors' messages, otherwise only the error's name. */
export function reasonOf(error: unknown): string {
  if (error instanceof PillarsError && error.expose) return error.message;
  return error instanceof Error && error.name !== 'Error' ? error.name : 'internal error';
}
