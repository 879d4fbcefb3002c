import type { ConnectionService } from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { Company, CompanySearch } from '../contracts/company.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { callSettings } from '../http/call-settings.js';
import { throwIfAborted } from '../http/clock.js';
import { createPage, decodeCursor, encodeCursor, type Page, type PageOptions } from '../pagination/page.js';
import { copyRefreshedAt } from '../read-model/local-company-client.js';

/**
 * One page of a manual search (SPEC M2): a {@link Page} of companies, with the number of PSA
 * records left out while reading it because they could not be read (each also reported through
 * the `onRecordSkipped` hook), so a screen can say "n records could not be read".
 */
export type CompanyPage = Page<Company> & {
  readonly skippedRecords: number;
  /** When the read model's copy it was served from was refreshed (ISO 8601); `null` when read from the PSA. */
  readonly refreshedAt: string | null;
};

const LIST = 'mappings.search';
/** Searches whose next page is kept ready in this process (oldest dropped first). */
const KEPT = 64;

/** A search read up to a page boundary, kept so its next page costs no re-reading. */
interface LiveSearch {
  readonly iterator: AsyncIterator<Company>;
  /** The search's own signal: a caller's abort during a read aborts the request in flight through it. */
  readonly controller: AbortController;
  readonly skipped: { count: number };
  lookahead: IteratorResult<Company> | undefined;
  /** When the copy it reads was refreshed, `null` for the PSA itself. */
  readonly refreshedAt: string | null;
}

/**
 * Runs `read` on a live search with the caller's `signal` relayed to the search's own: an abort
 * reaches the vendor request in flight at once (not after its time limit). An aborted search is
 * not kept: its iterator ended with the abort.
 */
async function reading(search: LiveSearch, signal: AbortSignal | undefined, read: () => Promise<void>) {
  if (!signal) return read();
  const relay = () => search.controller.abort(signal.reason);
  if (signal.aborted) relay();
  signal.addEventListener('abort', relay, { once: true });
  try {
    await read();
  } finally {
    signal.removeEventListener('abort', relay);
  }
}

/**
 * `mappings.search`: pages of the PSA's search. A cursor is the number of companies already
 * shown; the search that made it is usually still open in this process and goes on from there,
 * otherwise (another process, or long after) the search is read again up to that point.
 */
export function createCompanySearch(connections: ConnectionService) {
  const live = new Map<string, LiveSearch>();

  const keep = (key: string, search: LiveSearch): void => {
    live.set(key, search);
    for (const [oldKey, oldSearch] of live) {
      if (live.size <= KEPT) break;
      live.delete(oldKey);
      void oldSearch.iterator.return?.().catch(() => undefined);
    }
  };

  const open = async (
    connectionId: string,
    query: CompanySearch,
    options: PageOptions,
    offset: number,
  ): Promise<LiveSearch> => {
    const client = await connections.client(connectionId, options);
    const skipped = { count: 0 };
    // The search may outlive this call to serve the next page, so it runs under a signal of its
    // own; while a caller reads from it, that caller's abort is relayed to it (see `reading`).
    const controller = new AbortController();
    const { signal: _signal, ...settings } = callSettings(options);
    const iterator = client
      .searchCompanies(query, {
        ...settings,
        signal: controller.signal,
        onRecordSkipped: (event) => {
          skipped.count += 1;
          options.onRecordSkipped?.(event);
        },
      })
      [Symbol.asyncIterator]();
    const search: LiveSearch = {
      iterator,
      controller,
      skipped,
      lookahead: undefined,
      refreshedAt: copyRefreshedAt(client),
    };
    await reading(search, options.signal, async () => {
      for (let shown = 0; shown < offset; shown += 1) {
        throwIfAborted(options.signal);
        if ((await iterator.next()).done) break;
      }
    });
    skipped.count = 0;
    return search;
  };

  const search = async (
    connectionId: string,
    query: CompanySearch,
    options: PageOptions = {},
  ): Promise<CompanyPage> => {
    const size = options.pageSize ?? 25;
    const offset = options.cursor ? decodeCursor(LIST, options.cursor) : 0;
    if (typeof offset !== 'number') {
      throw new PsaBridgeError('VALIDATION', 'cursor is not a cursor of mappings.search', {
        details: { field: 'cursor' },
      });
    }
    const key = `${connectionId}\n${JSON.stringify(query)}\n${size}\n${offset}`;
    const kept = live.get(key);
    live.delete(key);
    const current = kept ?? (await open(connectionId, query, options, offset));
    const skippedBefore = current.skipped.count;
    const items: Company[] = [];
    await reading(current, options.signal, async () => {
      while (items.length < size) {
        throwIfAborted(options.signal);
        const held = current.lookahead;
        current.lookahead = undefined;
        const next = held ?? (await current.iterator.next());
        if (next.done) break;
        items.push(next.value);
      }
      if (items.length === size) current.lookahead = await current.iterator.next();
    });
    const more = current.lookahead !== undefined && !current.lookahead.done;
    const cursor = more ? encodeCursor(LIST, offset + items.length) : null;
    if (more) keep(`${connectionId}\n${JSON.stringify(query)}\n${size}\n${offset + items.length}`, current);
    return createPage(
      items,
      cursor,
      (next, nextOptions: CallOptions) =>
        search(connectionId, query, { ...options, ...nextOptions, cursor: next }),
      { skippedRecords: current.skipped.count - skippedBefore, refreshedAt: current.refreshedAt },
    );
  };
  return search;
}
