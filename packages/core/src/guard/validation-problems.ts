import type { z } from 'zod';
import { formatIssuePath } from '../http/parse-response.js';

/** One bad field and what is wrong with it, in psa-bridge's words; never its value. */
export interface ValidationProblem {
  /** Path of the field, like `clientId` or `users[2].email` (`(root)` for the value itself). */
  readonly field: string;
  /** What is wrong, like `is required`. */
  readonly message: string;
}

/** Zod's wording for a missing value, in psa-bridge's. */
const wordingOf = (issue: z.core.$ZodIssue): string =>
  issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message;

/**
 * The problems of a failed parse, one per field (a field zod reports twice, say for a refinement
 * and a type, is named once with both messages), in the order zod found them.
 */
export function validationProblems(error: z.ZodError): ValidationProblem[] {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = formatIssuePath(issue.path);
    const messages = byField.get(field) ?? [];
    const message = wordingOf(issue);
    if (!messages.includes(message)) messages.push(message);
    byField.set(field, messages);
  }
  return [...byField].map(([field, messages]) => ({ field, message: messages.join('; ') }));
}
