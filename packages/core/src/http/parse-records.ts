import type { z } from 'zod';
import { ResponseShapeError, type ShapeIssue } from '../errors/response-shape-error.js';
import type { HttpHooks } from './http-events.js';
import { formatIssuePath } from './parse-response.js';

/** A vendor record left out of a page because it could not be read. */
export interface RecordSkippedEvent {
  /** The vendor, like `ConnectWise`. */
  readonly service: string;
  /** What was being read, like `company` or `contact`. */
  readonly what: string;
  /** The record's id, when it had a readable one. */
  readonly id: string | undefined;
  /** The fields that were wrong (paths like `status.id`), never their values. */
  readonly fields: readonly string[];
}

/** Where {@link parseRecords} reports and what it names. */
export interface ParseRecordsContext {
  /** The vendor, like `ConnectWise`. */
  readonly service: string;
  /** What is being read, like `company`. */
  readonly what: string;
  /** The app's hooks (`onRecordSkipped`). */
  readonly hooks?: HttpHooks | undefined;
  /** The call's own listener (`CallOptions.onRecordSkipped`), to count what one call left out. */
  readonly onRecordSkipped?: ((event: RecordSkippedEvent) => void) | undefined;
}

/**
 * Parses each record of a page on its own: one malformed or unexpected record never fails the
 * page. It is left out and reported through `hooks.onRecordSkipped` and the call's
 * `onRecordSkipped` with its id and the fields that were wrong (never their values), so an app
 * can log it, count it and a partner can fix it.
 *
 * Silence is not an answer: a page on which **every** record fails is a `ResponseShapeError`
 * (code `RESPONSE_SHAPE`) whose issues name the first wrong fields, like `[0].name` (the vendor
 * changed a field's type, say), never an empty page that reads as "nothing found".
 */
export function parseRecords<T>(
  items: readonly unknown[],
  schema: z.ZodType<T>,
  context: ParseRecordsContext,
): T[] {
  const out: T[] = [];
  const issues: ShapeIssue[] = [];
  for (const [index, item] of items.entries()) {
    const result = schema.safeParse(item);
    if (result.success) {
      out.push(result.data);
      continue;
    }
    const rawId = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    const event: RecordSkippedEvent = {
      service: context.service,
      what: context.what,
      id: typeof rawId === 'number' || typeof rawId === 'string' ? String(rawId) : undefined,
      fields: [...new Set(result.error.issues.map((issue) => formatIssuePath(issue.path)))],
    };
    for (const listener of [context.hooks?.onRecordSkipped, context.onRecordSkipped]) {
      try {
        listener?.(event);
      } catch {
        // A logging hook must never break a listing.
      }
    }
    if (issues.length < 5) {
      for (const issue of result.error.issues.slice(0, 5 - issues.length)) {
        issues.push({ path: formatIssuePath([index, ...issue.path]), message: issue.message });
      }
    }
  }
  if (items.length > 0 && out.length === 0) {
    // A ResponseShapeError, like a page whose frame is wrong: its issues name the fields (never values).
    throw new ResponseShapeError(
      `${context.service} (none of the ${items.length} ${context.what} records could be read on one page; it is not read as an empty answer)`,
      issues,
      { details: { service: context.service, what: context.what, skipped: items.length } },
    );
  }
  return out;
}
