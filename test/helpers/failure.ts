/**
 * The one way tests capture a failure: the error a promise rejects with, or a function throws (sync or async).
 * The test fails when the work succeeds instead, and, given an error class, when the error is of another kind,
 * so a test reading fields off the error cannot pass on the wrong failure.
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';

type ErrorClass<E> = abstract new (...args: never[]) => E;

export async function failure<E = unknown>(work: Promise<unknown> | (() => unknown), type?: ErrorClass<E>): Promise<E> {
  let value: unknown;
  try {
    value = await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (type) expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a failure${type ? ` (${type.name})` : ''}, got success: ${inspect(value, { depth: 3 })}`);
}
