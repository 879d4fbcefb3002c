import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { ErrorCode } from '../../errors/error-code.js';
import { isPsaBridgeError } from '../../errors/guards.js';
import type { PsaBridgeError } from '../../errors/psa-bridge-error.js';

/** Awaits `promise`, asserts it rejects with a psa-bridge error of `code`, and returns the error. */
export async function rejectsWithCode(promise: Promise<unknown>, code: ErrorCode): Promise<PsaBridgeError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isPsaBridgeError(error), `expected a PsaBridgeError with code ${code}, got ${inspect(error)}`);
    assert.equal(error.code, code, `expected code ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a rejection with code ${code}, but it resolved`);
}

/** Asserts no secret appears in the error's message, stack, JSON form or deep inspection (SPEC C7). */
export function assertNoSecrets(error: unknown, secrets: readonly string[]): void {
  const views = [
    String((error as Error)?.message),
    String((error as Error)?.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ];
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const view of views) assert.ok(!view.includes(secret), 'a secret appeared in an error');
  }
}

/** Collects every item of an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
