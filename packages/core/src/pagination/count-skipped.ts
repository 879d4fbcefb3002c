import type { CallOptions } from '../contracts/call-options.js';

/** Call options that count the records left out of a read, and the count so far. */
export interface SkipCounter {
  /** `call` with an `onRecordSkipped` that counts, then calls the caller's own. */
  readonly options: CallOptions;
  /** Records left out so far. */
  readonly count: () => number;
}

/**
 * Counts the records a read leaves out (`onRecordSkipped`), still telling the caller's hook of
 * each: for an adapter's `listCompanyPage`, whose answer says how many it skipped.
 *
 * @example
 * ```ts
 * const skipped = countSkippedRecords(call);
 * const page = await readPage(cursor, skipped.options);
 * return { items: page.items, cursor: page.next, changedSinceApplied: false, skippedRecords: skipped.count() };
 * ```
 */
export function countSkippedRecords(call: CallOptions): SkipCounter {
  let count = 0;
  return {
    options: {
      ...call,
      onRecordSkipped: (event) => {
        count += 1;
        call.onRecordSkipped?.(event);
      },
    },
    count: () => count,
  };
}
