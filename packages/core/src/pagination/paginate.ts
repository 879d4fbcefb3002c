import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { throwIfAborted } from '../http/clock.js';

/** One page from a vendor: its items and the cursor of the next page, `undefined` on the last. */
export interface VendorPage<T, Cursor> {
  /** Items of this page, in order. */
  readonly items: readonly T[];
  /** Where the next page starts, or `undefined` when this was the last. */
  readonly next: Cursor | undefined;
  /**
   * Records the vendor sent on this page, before the adapter left any out (deleted, not matching
   * literally, unreadable). Paging ends on a page the vendor sent empty. @default items.length
   */
  readonly read?: number;
}

/** Pages one listing may read by default: far above any real tenant (10,000 x a page size). */
export const DEFAULT_MAX_PAGES = 10_000;

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /** Aborts the listing between pages. */
  readonly signal?: AbortSignal | undefined;
  /** The vendor, for messages (`ConnectWise`). @default 'The vendor' */
  readonly service?: string | undefined;
  /** What is being listed, for messages (`companies`). @default 'a listing' */
  readonly operation?: string | undefined;
  /** Most pages one listing reads before it stops with `RESPONSE_SHAPE`. @default 10000 */
  readonly maxPages?: number | undefined;
}

/** The key a cursor is compared by: strings and numbers as they are, anything else as JSON. */
const cursorKey = (cursor: unknown): string =>
  typeof cursor === 'string' || typeof cursor === 'number'
    ? `${typeof cursor}:${cursor}`
    : JSON.stringify(cursor);

/** Lets timers and I/O of the host app run between two pages, whatever the transport. */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/**
 * Turns "fetch one page" into an `AsyncIterable` of items (written once, used by every adapter).
 * Pages are fetched only as the consumer asks, so `break` stops fetching and at most one page is
 * held in memory. A page the vendor sent empty ends the iteration even if it names a next cursor.
 *
 * Paging is bounded whatever the vendor answers: a next cursor (link, offset) that repeats one
 * already read is a `RESPONSE_SHAPE` error naming the vendor and the listing, and so is a listing
 * longer than `maxPages`. Between pages the host's event loop gets a turn.
 *
 * @param options The signal, or the full {@link PaginateOptions}.
 */
export async function* paginate<T, Cursor>(
  first: Cursor,
  fetchPage: (cursor: Cursor, signal: AbortSignal | undefined) => Promise<VendorPage<T, Cursor>>,
  options: AbortSignal | PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const {
    signal,
    service = 'The vendor',
    operation = 'a listing',
    maxPages = DEFAULT_MAX_PAGES,
  } = options instanceof AbortSignal ? { signal: options } : options;
  const seen = new Set<string>();
  let cursor: Cursor | undefined = first;
  while (cursor !== undefined) {
    throwIfAborted(signal);
    const key = cursorKey(cursor);
    if (seen.has(key)) {
      throw new PsaBridgeError(
        'RESPONSE_SHAPE',
        `${service} named a page of ${operation} that was already read as the next page; paging stopped after ${seen.size} pages`,
        { details: { field: 'nextPage', service, operation, pages: seen.size } },
      );
    }
    if (seen.size >= maxPages) {
      throw new PsaBridgeError(
        'RESPONSE_SHAPE',
        `${service} kept naming further pages of ${operation}; paging stopped at ${maxPages} pages (the maxPages limit)`,
        { details: { field: 'nextPage', service, operation, pages: seen.size } },
      );
    }
    seen.add(key);
    if (seen.size > 1) await yieldToEventLoop();
    const page: VendorPage<T, Cursor> = await fetchPage(cursor, signal);
    yield* page.items;
    if ((page.read ?? page.items.length) === 0) return;
    cursor = page.next;
  }
}
