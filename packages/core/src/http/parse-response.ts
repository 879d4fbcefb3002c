import type { z } from 'zod';
import { ResponseShapeError, type ShapeIssue } from '../errors/response-shape-error.js';

/** Formats a zod issue path as `items[3].companyName`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Zod issues as {@link ShapeIssue}s: path and expectation only, never the received value. */
export function toShapeIssues(error: z.ZodError): ShapeIssue[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

/** The first zod issue as `path: message`, for one-line error messages. */
export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${formatIssuePath(issue.path)}: ${issue.message}` : 'unknown problem';
}

/**
 * Parses a vendor payload with `schema`; a mismatch becomes a {@link ResponseShapeError} that
 * names the field and says what was called (`what`), so no `undefined` travels into core.
 */
export function parseResponse<T>(schema: z.ZodType<T>, payload: unknown, what: string): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  throw new ResponseShapeError(what, toShapeIssues(result.error));
}
