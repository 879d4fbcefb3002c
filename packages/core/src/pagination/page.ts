import type { CallOptions } from '../contracts/call-options.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';

/**
 * One page of any list the bridge returns: connections, accounts, mappings, search results.
 *
 * - For screens that page by hand: show `items`, keep `cursor` (a string, safe to put in a URL
 *   or a form and to send back later, from any process) and pass it as `{ cursor }` to the same
 *   call for the next page; `null` means this is the last page. `nextPage()` does the same.
 * - For code: `for await (const item of page)` yields this page's items, then every later page's.
 * - `JSON.stringify(page)` gives `{ items, cursor, hasMore }` (and the list's own counts).
 *
 * @example
 * ```ts
 * const first = await bridge.mappings.search(connectionId, { name: 'acme' }, { pageSize: 25 });
 * const second = first.cursor ? await bridge.mappings.search(connectionId, { name: 'acme' }, { cursor: first.cursor }) : null;
 * for await (const company of first) console.log(company.name); // every match, page after page
 * ```
 */
export interface Page<T> extends AsyncIterable<T> {
  /** This page's items, in the list's stable order. */
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly cursor: string | null;
  /** Whether there is a next page (`cursor !== null`). */
  readonly hasMore: boolean;
  /** The next page, or `null` after the last one. Can be called any number of times. */
  nextPage(options?: CallOptions): Promise<Page<T> | null>;
}

/** Options of every call that returns a {@link Page}. */
export interface PageOptions extends CallOptions {
  /** The `cursor` of the previous page; absent for the first page. */
  readonly cursor?: string | null | undefined;
  /** Most items on the page. The default and the upper bound depend on the list (25 for searches). */
  readonly pageSize?: number | undefined;
}

/** A {@link Page} of `items`; `load` reads the page a cursor points at. */
export function createPage<T, Extra extends object = object>(
  items: readonly T[],
  cursor: string | null,
  load: (cursor: string, options: CallOptions) => Promise<Page<T> & Extra>,
  extra?: Extra,
): Page<T> & Extra {
  const page = {
    ...(extra as Extra),
    items,
    cursor,
    hasMore: cursor !== null,
    nextPage: (options: CallOptions = {}) =>
      cursor === null ? Promise.resolve(null) : load(cursor, options),
    async *[Symbol.asyncIterator](): AsyncIterator<T> {
      let current: Page<T> | null = page;
      while (current) {
        yield* current.items;
        current = await current.nextPage();
      }
    },
  };
  return page;
}

/** A list that is read whole (a partner's connections, GoTo's accounts) as its one page. */
export function singlePage<T>(items: readonly T[]): Page<T> {
  return createPage(items, null, () => Promise.reject(new Error('a single page has no next page')));
}

/** What a cursor holds: which list it belongs to and where that list goes on. */
interface CursorBody {
  readonly list: string;
  readonly at: string | number;
}

/** Makes the opaque cursor of `list` at position `at` (base64url JSON). */
export function encodeCursor(list: string, at: string | number): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, list, at }));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a cursor of `list`; `VALIDATION` for text that is not one, or one of another list. */
export function decodeCursor(list: string, cursor: string): CursorBody['at'] {
  const refuse = (): never => {
    throw new PsaBridgeError(
      'VALIDATION',
      `cursor is not a cursor of ${list}: pass the cursor of its previous page`,
      {
        details: { field: 'cursor' },
      },
    );
  };
  if (typeof cursor !== 'string' || cursor.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return refuse();
  let body: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    body = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    );
  } catch {
    return refuse();
  }
  const parsed = body as Partial<CursorBody> & { v?: unknown };
  if (parsed?.v !== 1 || parsed.list !== list) return refuse();
  if (
    typeof parsed.at === 'string' ||
    (typeof parsed.at === 'number' && Number.isSafeInteger(parsed.at) && parsed.at >= 0)
  ) {
    return parsed.at;
  }
  return refuse();
}
