import type { PageRequest, StorePage } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';

/** Most items one page may ask for. */
export const MAX_PAGE = 10_000;

/** Checks a {@link PageRequest}: `limit` 1 to 10,000, `after` text when given. */
export function checkPageRequest(page: PageRequest): void {
  const limit = (page as Partial<PageRequest> | null)?.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new PsaBridgeError('VALIDATION', `page.limit must be a whole number from 1 to ${MAX_PAGE}`, {
      details: { field: 'limit' },
    });
  }
  if (page.after !== undefined && typeof page.after !== 'string') {
    throw new PsaBridgeError('VALIDATION', 'page.after must be the `next` cursor of the previous page', {
      details: { field: 'after' },
    });
  }
}

/**
 * A page of `items` (any order) by `keyOf`, for stores that hold everything in memory: sorted
 * by key in UTF-16 code unit order, starting after the cursor.
 */
export function pageOf<T>(items: Iterable<T>, keyOf: (item: T) => string, page: PageRequest): StorePage<T> {
  checkPageRequest(page);
  const after = page.after;
  const keyed: [string, T][] = [];
  for (const item of items) {
    const key = keyOf(item);
    if (after === undefined || key > after) keyed.push([key, item]);
  }
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const slice = keyed.slice(0, page.limit);
  const last = slice[slice.length - 1];
  return {
    items: slice.map(([, item]) => item),
    ...(keyed.length > page.limit && last ? { next: last[0] } : {}),
  };
}
