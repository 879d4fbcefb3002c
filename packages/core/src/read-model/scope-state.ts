import { isPsaBridgeError } from '../errors/guards.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import type { Clock } from '../http/clock.js';
import type {
  ReadModelRow,
  ReadModelStaging,
  ReadModelState,
  ReadModelStateInput,
  ReadModelStore,
} from './read-model-store.js';

/**
 * The bookkeeping every refresh of a scope shares: taking the scope (a lease in its state),
 * writing progress by compare-and-set, and noting a failure while keeping the copy.
 */

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
  /** Told after every page written: records read so far, and how many the previous copy held. */
  readonly onPage?: (read: number, expected: number | undefined) => void;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const EMPTY: ReadModelStateInput = {
  generation: 0,
  refreshedAt: null,
  fullAt: null,
  changedSince: null,
  staging: null,
  failure: null,
  extras: {},
};
export const inputOf = (state: ReadModelState | null): ReadModelStateInput => {
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
export async function claim(
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
export async function advance(
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
export async function noteFailure(context: RefreshContext, scope: string, error: unknown): Promise<never> {
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
