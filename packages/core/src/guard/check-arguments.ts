import type { z } from 'zod';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { validationProblems } from './validation-problems.js';

/** Zod schemas for a method's arguments, in order; `undefined` leaves an argument unchecked. */
export type ArgumentSchemas = readonly (z.ZodType | undefined)[];

/**
 * Checks one value against `schema` and throws `VALIDATION` naming every bad field (never a
 * value: it may be a secret). `where` names the call, like `connections.testAndSave(input)`.
 */
export function checkArgument<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = validationProblems(result.error);
  const list = problems.map((problem) =>
    problem.field === '(root)' ? problem.message : `${problem.field}: ${problem.message}`,
  );
  throw new PsaBridgeError('VALIDATION', `${where}: ${list.join('; ')}`, {
    details: { where, fields: problems.map((problem) => problem.field) },
  });
}

/**
 * Wraps the methods of `target` named in `checks` so their arguments are checked before the
 * method runs. A failed check rejects, or, for the methods named in `iterables` (which return an
 * `AsyncIterable`), fails on the first step of the iteration, as any error of a listing does.
 */
export function withArgumentChecks<T extends object>(
  target: T,
  where: string,
  checks: { readonly [K in keyof T]?: ArgumentSchemas },
  iterables: readonly (keyof T & string)[] = [],
): T {
  const checked: Record<string, unknown> = { ...(target as Record<string, unknown>) };
  for (const [name, schemas] of Object.entries(checks) as [string, ArgumentSchemas][]) {
    const method = (target as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    checked[name] = (...args: unknown[]) => {
      try {
        schemas.forEach((schema, index) => {
          if (schema) checkArgument(schema, args[index], `${where}.${name}(): argument ${index + 1}`);
        });
      } catch (error) {
        return (iterables as readonly string[]).includes(name) ? failing(error) : Promise.reject(error);
      }
      return method.apply(target, args);
    };
  }
  return checked as T;
}

/** An async iterable whose first step throws `error`. */
// biome-ignore lint/correctness/useYield: it only throws
async function* failing(error: unknown): AsyncGenerator<never, void, undefined> {
  throw error;
}
