import { isPsaBridgeError } from '../errors/guards.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import type { Clock } from '../http/clock.js';
import { throwIfAborted } from '../http/clock.js';
import type {
  ReadModelRow,
  ReadModelStaging,
  ReadModelState,
  ReadModelStateInput,
  ReadModelStore,
} from './read-model-store.js';

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

/** What a refresh needs around it. */
export interface RefreshContext {
  readonly store: ReadModelStore;
  readonly clock: Clock;
  /** This process, as lease holder. */
  readonly owner: string;
  /** How long a refresh holds its scope without progress before another may take over. */
  readonly leaseMs: number;
  /** Removals confirmed one by one at most; more than this many is refused (see `allowMassRemoval`). */
  readonly confirmLimit: number;
  /** Publish even when more records vanished than can be confirmed. */
  readonly allowMassRemoval: boolean;
  /** How far before its start an incremental refresh reads again, for clock skew. */
  readonly overlapMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Told after every page written. */
  readonly onPage?: (read: number) => void;
}

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

const iso = (ms: number): string => new Date(ms).toISOString();
const EMPTY: ReadModelStateInput = {
  generation: 0,
  refreshedAt: null,
  fullAt: null,
  changedSince: null,
  staging: null,
  failure: null,
  extras: {},
};
const inputOf = (state: ReadModelState | null): ReadModelStateInput => {
  if (!state) return EMPTY;
  const { version: _version, ...rest } = state;
  return rest;
};

/** Every row of a generation, in order. */
export async function readAllRows(
  store: ReadModelStore,
  scope: string,
  generation: number,
): Promise<ReadModelRow[]> {
  const rows: ReadModelRow[] = [];
  let after: string | undefined;
  do {
    const page = await store.listRows(scope, generation, { limit: 10_000, ...(after ? { after } : {}) });
    rows.push(...page.items);
    after = page.next;
  } while (after);
  return rows;
}

/** Takes the scope's refresh for this process (a new one, or one to resume); CONFLICT when another runs it. */
async function claim(
  context: RefreshContext,
  scope: string,
  mode: 'full' | 'incremental',
): Promise<{ state: ReadModelState; resumed: boolean }> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const state = await context.store.getState(scope);
    const now = context.clock.now();
    const staging = state?.staging ?? null;
    if (staging && staging.owner !== context.owner && staging.leaseUntil > now) {
      throw new PsaBridgeError(
        'CONFLICT',
        'A refresh of this list is running in another process; try again when it ends',
        {
          details: { reason: 'refresh-running', scope, until: iso(staging.leaseUntil) },
        },
      );
    }
    const visible = state?.generation ?? 0;
    // An interrupted refresh of the same kind goes on where it stopped, when its source can.
    const kindOf = (s: ReadModelStaging) => (s.generation === visible ? 'incremental' : 'full');
    const resume =
      staging !== null &&
      kindOf(staging) === mode &&
      (mode === 'incremental' || staging.read === 0 || staging.cursor !== null);
    const next: ReadModelStaging =
      resume && staging
        ? { ...staging, owner: context.owner, leaseUntil: now + context.leaseMs }
        : {
            generation: mode === 'incremental' ? visible : Math.max(visible, staging?.generation ?? 0) + 1,
            startedAt: iso(now),
            cursor: null,
            read: 0,
            nextPosition: 0,
            owner: context.owner,
            leaseUntil: now + context.leaseMs,
          };
    const written = await context.store.setState(scope, state?.version ?? 0, {
      ...inputOf(state),
      staging: next,
    });
    if (!written) continue;
    if (!resume && staging && staging.generation !== visible) {
      // An abandoned full copy that cannot go on: its rows go.
      await context.store.dropGenerations(scope, [visible, next.generation]);
    }
    return { state: written, resumed: resume };
  }
  throw new PsaBridgeError('CONFLICT', 'The read model changed under this refresh too often; try again', {
    details: { reason: 'refresh-contended', scope },
  });
}

/** Writes the state, or fails: another process took the refresh over (its lease ran out). */
async function advance(
  context: RefreshContext,
  scope: string,
  state: ReadModelState,
  next: ReadModelStateInput,
) {
  const written = await context.store.setState(scope, state.version, next);
  if (!written) {
    throw new PsaBridgeError('CONFLICT', 'Another process took this refresh over; this one stopped', {
      details: { reason: 'refresh-taken-over', scope },
    });
  }
  return written;
}

/** Notes a failed refresh in the state (the copy stays as it was) and passes the error on. */
async function noteFailure(context: RefreshContext, scope: string, error: unknown): Promise<never> {
  const state = await context.store.getState(scope).catch(() => null);
  const mine = state?.staging?.owner === context.owner;
  const reason = isPsaBridgeError(error) ? error.details?.reason : undefined;
  if (state && mine && reason !== 'refresh-taken-over' && reason !== 'refresh-running') {
    const failure = {
      code: isPsaBridgeError(error) ? error.code : 'INTERNAL',
      message: isPsaBridgeError(error) ? error.message : 'the refresh failed',
      at: iso(context.clock.now()),
    };
    // The lease is given back, so the next refresh (any process) goes on at once.
    const staging = state.staging ? { ...state.staging, leaseUntil: 0 } : null;
    await context.store
      .setState(scope, state.version, { ...inputOf(state), staging, failure })
      .catch(() => undefined);
  }
  throw error;
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
    const seen = new Set<string>();
    do {
      throwIfAborted(context.signal);
      const page = await source.read(cursor, changedSince, context.signal);
      if (mode === 'incremental' && page.changedSinceApplied === false) {
        // The vendor cannot narrow to changes: a full copy instead, started cleanly.
        await advance(context, scope, state, { ...inputOf(state), staging: null });
        return refreshScope(context, scope, source, 'full');
      }
      const rows = page.rows.map((row): ReadModelRow => {
        const old = previous.get(row.id);
        if (!old) added += seen.has(row.id) ? 0 : 1;
        else if (JSON.stringify(old.record) !== JSON.stringify(row.record) && !seen.has(row.id)) changed += 1;
        seen.add(row.id);
        // Incremental changes keep their place; new records go after the others.
        const at = mode === 'incremental' && old ? old.position : position++;
        return { ...row, position: at };
      });
      await context.store.putRows(scope, staging.generation, rows);
      cursor = page.cursor;
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
      context.onPage?.(read);
    } while (cursor !== null);

    let removed = 0;
    if (mode === 'full') {
      // Rows of the old copy this read did not see: gone, or lost by a vendor that skipped a page.
      const written = new Set(
        (await readAllRows(context.store, scope, staging.generation)).map((row) => row.id),
      );
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
