import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { throwIfAborted } from '../http/clock.js';
import type { ReadModelRow, ReadModelStaging } from './read-model-store.js';
import {
  advance,
  claim,
  inputOf,
  iso,
  noteFailure,
  type RefreshContext,
  readAllRows,
} from './scope-state.js';

export { readAllRows } from './scope-state.js';

/** A record as a source reads it, before the refresh gives it its place. */
export type SourceRow = Omit<ReadModelRow, 'position'>;

/** One page a source answered. */
export interface SourcePage {
  readonly rows: readonly SourceRow[];
  /** Where the next page starts, `null` after the last; sources without cursors read one page. */
  readonly cursor: string | null;
  /** Whether a `changedSince` read was narrowed to changes (`false`: everything came). */
  readonly changedSinceApplied?: boolean;
  /** Records left out because they could not be read. */
  readonly skipped?: number;
  /** Ids the vendor said were deleted (incremental reads, where it says). */
  readonly removed?: readonly string[];
}

/** Where a refresh reads a list from. */
export interface RefreshSource {
  /** Whether `read` can start at a kept cursor (else an interrupted refresh starts over). */
  readonly resumable: boolean;
  /** Reads the page at `cursor` (`null`: the first), only changes since `changedSince` when given. */
  read(
    cursor: string | null,
    changedSince: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<SourcePage>;
  /** The record with this id as the vendor holds it now, `null` when gone: confirms removals. */
  confirm?(id: string, signal: AbortSignal | undefined): Promise<SourceRow | null>;
  /** Small lists kept with the records (a PSA's statuses), read at the end of a full refresh. */
  extras?(signal: AbortSignal | undefined): Promise<Record<string, unknown>>;
}

export type { RefreshContext } from './scope-state.js';

/** Most pages one refresh of a list reads. */
const MAX_PAGES = 100_000;

/** Whether a record changed: by the vendor's change time when both have one, else by content. */
const differs = (old: ReadModelRow, row: SourceRow): boolean =>
  old.modifiedAt !== undefined && row.modifiedAt !== undefined
    ? old.modifiedAt !== row.modifiedAt
    : JSON.stringify(old.record) !== JSON.stringify(row.record);

/** What refreshing one scope did. */
export interface ScopeRefreshReport {
  /** `full` (a new copy, published at the end) or `incremental` (changes put into the copy). */
  readonly mode: 'full' | 'incremental';
  /** Records read from the vendor. */
  readonly read: number;
  /** Pages read from the vendor. */
  readonly pages: number;
  /** Records that were not in the copy before. */
  readonly added: number;
  /** Records the copy had, and the vendor answered with other content. */
  readonly changed: number;
  /** Records removed from the copy (confirmed gone at the vendor). */
  readonly removed: number;
  /** Whether this refresh went on from an interrupted one. */
  readonly resumed: boolean;
  /** Records the vendor left out because they could not be read. */
  readonly skippedRecords: number;
  /** When the copy was brought up to date (ISO 8601). */
  readonly refreshedAt: string;
}

/**
 * Refreshes one scope from `source` (SPEC R1). `full` writes a new generation page by page,
 * keeping the vendor's cursor in the state after each page (a killed refresh goes on from the
 * page in flight), confirms every vanished record by id, and publishes the copy at the end;
 * until then readers see the previous one. `incremental` puts the changes since the last
 * refresh into the visible copy; it becomes `full` when the source cannot narrow to changes.
 */
export async function refreshScope(
  context: RefreshContext,
  scope: string,
  source: RefreshSource,
  wanted: 'full' | 'incremental',
): Promise<ScopeRefreshReport> {
  const before = await context.store.getState(scope);
  const mode = wanted === 'incremental' && before?.generation && before.changedSince ? 'incremental' : 'full';
  let { state, resumed } = await claim(context, scope, mode);
  try {
    const staging = state.staging as ReadModelStaging;
    const previous = new Map(
      state.generation > 0
        ? (await readAllRows(context.store, scope, state.generation)).map((row) => [row.id, row])
        : [],
    );
    const changedSince =
      mode === 'incremental' && state.changedSince
        ? iso(Date.parse(state.changedSince) - context.overlapMs)
        : undefined;
    let cursor = source.resumable ? staging.cursor : null;
    let position = staging.nextPosition;
    let read = staging.read;
    let pages = 0;
    let added = 0;
    let changed = 0;
    let skippedRecords = 0;
    let removedNow = 0;
    const seen = new Set<string>();
    // A vendor that names one page again and again, or never stops naming pages, ends the read.
    const named = new Map<string, number>();
    // The next page is asked for while this one is written (its cursor came with it): the
    // vendor's rate, not the store, sets the pace. A crash re-reads only the page in flight.
    let ahead: Promise<SourcePage> | undefined;
    const readAhead = (next: string | null): void => {
      ahead = undefined;
      if (next === null || !source.resumable) return;
      const reading = source.read(next, changedSince, context.signal);
      reading.catch(() => undefined); // awaited below, or dropped with the refresh
      ahead = reading;
    };
    do {
      throwIfAborted(context.signal);
      const page = await (ahead ?? source.read(cursor, changedSince, context.signal));
      if (!(mode === 'incremental' && page.changedSinceApplied === false)) readAhead(page.cursor);
      if (mode === 'incremental' && page.changedSinceApplied === false) {
        // The vendor cannot narrow to changes: a full copy instead, started cleanly.
        await advance(context, scope, state, { ...inputOf(state), staging: null });
        return refreshScope(context, scope, source, 'full');
      }
      const rows = page.rows.map((row): ReadModelRow => {
        const old = previous.get(row.id);
        if (!old) added += seen.has(row.id) ? 0 : 1;
        else if (!seen.has(row.id) && differs(old, row)) changed += 1;
        seen.add(row.id);
        // Incremental changes keep their place; new records go after the others.
        const at = mode === 'incremental' && old ? old.position : position++;
        return { ...row, position: at };
      });
      await context.store.putRows(scope, staging.generation, rows);
      if (mode === 'incremental' && page.removed?.length) {
        const gone = page.removed.filter((id) => previous.has(id) && !seen.has(id));
        await context.store.deleteRows(scope, staging.generation, gone);
        for (const id of gone) previous.delete(id);
        removedNow += gone.length;
      }
      cursor = page.cursor;
      if (cursor !== null) {
        const times = (named.get(cursor) ?? 0) + 1;
        named.set(cursor, times);
        if (times > 2 || pages >= MAX_PAGES) {
          throw new PsaBridgeError(
            'RESPONSE_SHAPE',
            `The vendor named ${times > 2 ? 'the same next page three times' : `more than ${MAX_PAGES} pages`}; the refresh stopped and the previous copy is kept`,
            { details: { field: 'nextPage', scope, pages } },
          );
        }
      }
      read += rows.length;
      pages += 1;
      skippedRecords += page.skipped ?? 0;
      state = await advance(context, scope, state, {
        ...inputOf(state),
        staging: {
          ...staging,
          cursor: source.resumable ? cursor : null,
          read,
          nextPosition: position,
          leaseUntil: context.clock.now() + context.leaseMs,
        },
      });
      context.onPage?.(read, mode === 'full' && previous.size > 0 ? previous.size : undefined);
    } while (cursor !== null);

    let removed = removedNow;
    if (mode === 'full') {
      // Rows of the old copy this read did not see: gone, or lost by a vendor that skipped a page.
      // A resumed read also wrote rows before the interruption: those are read back.
      const written = resumed
        ? new Set((await readAllRows(context.store, scope, staging.generation)).map((row) => row.id))
        : seen;
      const vanished = [...previous.values()].filter((row) => !written.has(row.id));
      if (vanished.length > 0 && source.confirm) {
        if (vanished.length > context.confirmLimit && !context.allowMassRemoval) {
          throw new PsaBridgeError(
            'CONFLICT',
            `${vanished.length} records of the previous copy were not in this read (more than ${context.confirmLimit} to confirm one by one); the previous copy is kept. Refresh again, or allow mass removal`,
            { details: { reason: 'too-many-removals', scope, vanished: vanished.length } },
          );
        }
        const back: ReadModelRow[] = [];
        for (const row of vanished.slice(0, context.confirmLimit)) {
          const current = await source.confirm(row.id, context.signal);
          if (current) back.push({ ...current, position: row.position });
          else removed += 1;
        }
        removed += Math.max(0, vanished.length - context.confirmLimit);
        await context.store.putRows(scope, staging.generation, back);
      } else {
        removed = vanished.length;
      }
    }
    const extras = mode === 'full' && source.extras ? await source.extras(context.signal) : state.extras;
    const now = iso(context.clock.now());
    const started = Date.parse(staging.startedAt);
    state = await advance(context, scope, state, {
      generation: staging.generation,
      refreshedAt: now,
      fullAt: mode === 'full' ? now : state.fullAt,
      changedSince: iso(started),
      staging: null,
      failure: null,
      extras,
    });
    if (mode === 'full') await context.store.dropGenerations(scope, [staging.generation]);
    return { mode, read, pages, added, changed, removed, resumed, skippedRecords, refreshedAt: now };
  } catch (error) {
    return noteFailure(context, scope, error);
  }
}
