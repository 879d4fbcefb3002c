import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { throwIfAborted } from '../http/clock.js';
import type { ReadModelRow } from './read-model-store.js';
import type { SourceRow } from './refresh-scope.js';
import {
  advance,
  claim,
  inputOf,
  iso,
  noteFailure,
  type RefreshContext,
  readAllRows,
} from './scope-state.js';

/** Where a reconciliation reads: every id the vendor lists now, and one record by id. */
export interface ReconcileSource {
  /** Every id the vendor lists now (nothing else of the records). */
  ids(signal: AbortSignal | undefined): AsyncIterable<string>;
  /** The record with this id as the vendor holds it now, `null` when gone. */
  confirm(id: string, signal: AbortSignal | undefined): Promise<SourceRow | null>;
}

/** What a reconciliation did. */
export interface ReconcileReport {
  readonly mode: 'reconcile';
  /** Ids the vendor listed (records read, as the other reports count them). */
  readonly read: number;
  /** Records of the copy the vendor no longer listed, each asked for by id. */
  readonly confirmed: number;
  /** Of those, records gone (deleted, or merged into another): removed from the copy. */
  readonly removed: number;
  /** Ids listed that the copy did not have yet (read by the next refresh). */
  readonly unknown: number;
  /** When the copy was checked (ISO 8601). */
  readonly refreshedAt: string;
}

/**
 * Finds deleted and merged records by their ids alone (SPEC R1): cheaper than a full read, it
 * lists only the vendor's ids, asks for each record of the copy that is not among them, and
 * removes the ones the vendor no longer has; a record still there (a page the vendor skipped)
 * is kept, with what the vendor answers for it now. More vanished records than `confirmLimit`
 * is refused with `CONFLICT` unless `allowMassRemoval`. Incremental checkpoints are kept.
 */
export async function reconcileScope(
  context: RefreshContext,
  scope: string,
  source: ReconcileSource,
): Promise<ReconcileReport> {
  const before = await context.store.getState(scope);
  if (!before?.generation) {
    throw new PsaBridgeError('CONFLICT', 'Nothing to reconcile yet: refresh this list first', {
      details: { reason: 'not-refreshed', scope },
    });
  }
  let { state } = await claim(context, scope, 'incremental');
  try {
    const listed = new Set<string>();
    for await (const id of source.ids(context.signal)) {
      throwIfAborted(context.signal);
      listed.add(id);
    }
    const copy = await readAllRows(context.store, scope, state.generation);
    const known = new Set(copy.map((row) => row.id));
    const vanished = copy.filter((row) => !listed.has(row.id));
    if (vanished.length > context.confirmLimit && !context.allowMassRemoval) {
      throw new PsaBridgeError(
        'CONFLICT',
        `${vanished.length} records of the copy were not listed (more than ${context.confirmLimit} to confirm one by one); nothing was removed. Reconcile again, or allow mass removal`,
        { details: { reason: 'too-many-removals', scope, vanished: vanished.length } },
      );
    }
    const gone: string[] = [];
    const back: ReadModelRow[] = [];
    for (const row of vanished.slice(0, context.confirmLimit)) {
      throwIfAborted(context.signal);
      const current = await source.confirm(row.id, context.signal);
      if (current) back.push({ ...current, position: row.position });
      else gone.push(row.id);
    }
    // Beyond the limit (mass removal allowed), the listing is taken at its word.
    gone.push(...vanished.slice(context.confirmLimit).map((row) => row.id));
    await context.store.putRows(scope, state.generation, back);
    await context.store.deleteRows(scope, state.generation, gone);
    const now = iso(context.clock.now());
    state = await advance(context, scope, state, {
      ...inputOf(state),
      refreshedAt: state.refreshedAt ?? now,
      staging: null,
      failure: null,
    });
    let unknown = 0;
    for (const id of listed) if (!known.has(id)) unknown += 1;
    return {
      mode: 'reconcile',
      read: listed.size,
      confirmed: Math.min(vanished.length, context.confirmLimit),
      removed: gone.length,
      unknown,
      refreshedAt: now,
    };
  } catch (error) {
    return noteFailure(context, scope, error);
  }
}
