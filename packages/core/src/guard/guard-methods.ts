import { toTypedError } from './to-typed-error.js';

/**
 * Wraps every method of `target` so that nothing but psa-bridge errors leaves it: a thrown value,
 * a rejected promise and a failing async iterator all go through {@link toTypedError}. Values
 * that are not functions are copied as they are. Used at the public surface of the bridge and
 * of every adapter, so the "only typed errors" promise holds even where a bug slips through.
 *
 * @param target The object whose methods form a public API.
 * @param where A name for messages, like `bridge.mappings`.
 */
export function guardMethods<T extends object>(target: T, where: string): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    guarded[name] =
      typeof value === 'function' ? guardFunction(value.bind(target), `${where}.${name}`) : value;
  }
  return guarded as T;
}

function guardFunction(fn: (...args: unknown[]) => unknown, where: string): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      throw toTypedError(error, where);
    }
    if (result instanceof Promise)
      return result.catch((error: unknown) => Promise.reject(toTypedError(error, where)));
    if (isAsyncIterable(result)) return guardIterable(result, where);
    return result;
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
  );
}

async function* guardIterable<T>(items: AsyncIterable<T>, where: string): AsyncGenerator<T, void, undefined> {
  try {
    yield* items;
  } catch (error) {
    throw toTypedError(error, where);
  }
}
