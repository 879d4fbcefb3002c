import type { PsaProvider } from '../contracts/psa-provider.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { validationProblems } from '../guard/validation-problems.js';

/**
 * Validates credentials with the provider's schema before any request is sent (SPEC C3).
 *
 * @throws PsaBridgeError with code `VALIDATION`; its message and `details.fields` name every bad
 * field, and never repeat a value (values may be secrets).
 */
export function parseCredentials<C>(provider: PsaProvider<C>, input: unknown): C {
  const result = provider.credentials.safeParse(input);
  if (result.success) return result.data;
  const problems = validationProblems(result.error);
  const list = problems.map((problem) => `${problem.field} (${problem.message})`).join(', ');
  throw new PsaBridgeError('VALIDATION', `Invalid ${provider.displayName} credentials: ${list}`, {
    details: { provider: provider.id, fields: problems.map((problem) => problem.field) },
  });
}
