import type { z } from 'zod';
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

/**
 * Parses each record of a page on its own: one malformed or unexpected record never fails the
 * page. It is left out and reported through `hooks.onRecordSkipped` with its id and the fields
 * that were wrong (never their values), so an app can log it and a partner can fix it.
 */
export function parseRecords<T>(
  items: readonly unknown[],
  schema: z.ZodType<T>,
  context: { readonly service: string; readonly what: string; readonly hooks?: HttpHooks | undefined },
): T[] {
  const out: T[] = [];
  for (const item of items) {
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
    try {
      context.hooks?.onRecordSkipped?.(event);
    } catch {
      // A logging hook must never break a listing.
    }
  }
  return out;
}
