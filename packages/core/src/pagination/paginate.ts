import { throwIfAborted } from '../http/clock.js';

/** One page from a vendor: its items and the cursor of the next page, `undefined` on the last. */
export interface Page<T, Cursor> {
  /** Items of this page, in order. */
  readonly items: readonly T[];
  /** Where the next page starts, or `undefined` when this was the last. */
  readonly next: Cursor | undefined;
}

/**
 * Turns "fetch one page" into an `AsyncIterable` of items (written once, used by every adapter).
 * Pages are fetched only as the consumer asks, so `break` stops fetching and at most one page is
 * held in memory. An empty page ends the iteration even if it names a next cursor.
 */
export async function* paginate<T, Cursor>(
  first: Cursor,
  fetchPage: (cursor: Cursor, signal: AbortSignal | undefined) => Promise<Page<T, Cursor>>,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  let cursor: Cursor | undefined = first;
  while (cursor !== undefined) {
    throwIfAborted(signal);
    const page: Page<T, Cursor> = await fetchPage(cursor, signal);
    yield* page.items;
    if (page.items.length === 0) return;
    cursor = page.next;
  }
}
