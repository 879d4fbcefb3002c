import type { ConnectionService } from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { ImportJournal, IntentEntry, JournalEntry, OutcomeEntry } from '../contracts/stores.js';
import { emailKey } from '../email/email-key.js';
import { isPsaBridgeError } from '../errors/guards.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { callSettings } from '../http/call-settings.js';
import { type Clock, throwIfAborted } from '../http/clock.js';
import type { EventContext } from '../http/http-events.js';
import type { ImportHooks } from './import-events.js';
import { readHistory, reportOf } from './import-history.js';
import { countOutcomes, failureReason, type ImportReport } from './import-report.js';
import { holdLease, type LeaseHold, newRunnerId } from './lease-hold.js';
import type { ImportPlan, PlanRow } from './plan-import.js';
import { verifyPlan } from './plan-seal.js';

export type { FailureReason, ImportReport, ReportReason, ReportRow, ReportTotals } from './import-report.js';

/** Progress of a run. */
export interface ImportProgress {
  /** Contacts with a final outcome so far (this run and earlier ones). */
  readonly done: number;
  /** Contacts in the plan. */
  readonly total: number;
  /** Counts by outcome so far. */
  readonly totals: Readonly<Record<OutcomeEntry['outcome'], number>>;
  /** Estimated milliseconds left, from this run's pace; absent before the first batch. */
  readonly etaMs?: number;
}

/** Options of a run. */
export interface RunOptions extends CallOptions {
  /** Called before the first batch and after every batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Users per create call. @default 50 */
  readonly batchSize?: number;
  /** The journal to use instead of the bridge's. */
  readonly journal?: ImportJournal;
  /**
   * Run a plan whose dry run found too few seats (SPEC I1). Without it such a plan is refused
   * with `VALIDATION` before anything is written: buy seats and plan again. @default false
   */
  readonly allowSeatShortage?: boolean;
  /** How long the run's lease lasts without renewal (SPEC I8), in ms. @default 60000 */
  readonly leaseTtlMs?: number;
  /** Identifies this runner in the lease. @default host, process id and a random part */
  readonly runnerId?: string;
  /**
   * This run goes on with the app's previous run of the plan rather than being a new one (a job
   * runner passes it when a job is handed back, re-queued or retried): the report's `run` and
   * `createdInRun` count the app's runs, not attempts. @default false
   */
  readonly continues?: boolean;
}

/** What a run needs. */
export interface RunDeps {
  readonly goto: GotoClient;
  readonly journal: ImportJournal;
  readonly clock: Clock;
  /** The key plans are sealed with: a plan that does not verify is refused. */
  readonly planKey: Uint8Array;
  /** Told of every batch (traces, metrics). */
  readonly hooks?: ImportHooks | undefined;
  /** Who the run is for (tenant), copied into batch events. */
  readonly context?: EventContext | undefined;
  /** The saved connections: a plan whose connection was deleted ends with it (SPEC C6). */
  readonly connections?: Pick<ConnectionService, 'get'> | undefined;
}

/** A contact is done unless it has no outcome or failed in a way that may pass (SPEC I7). */
const isFinal = (entry: OutcomeEntry | undefined): boolean =>
  entry !== undefined && !(entry.outcome === 'failed' && entry.retryable === true);

/**
 * Runs a plan exactly once (SPEC I4, I6, I7, I8).
 *
 * - One runner at a time: the run holds the import's lease in the journal, or fails with
 *   `CONFLICT` while another runner holds it.
 * - Every step is written to the journal before it counts: an intent before a batch is sent,
 *   an outcome after.
 * - Running again (a resume, a retry, or a fresh plan with the same id after a crash) leaves
 *   created, existing and skipped contacts alone and retries only failures that may pass.
 * - A contact with an intent is this import's: if GoTo has its user now, it was created by an
 *   attempt whose answer was lost, so it is `created`, never `existing`, also when a fresh plan
 *   already marked it existing.
 * - A creation is reported as `newlyCreated` in the first report that shows it: the report of
 *   the run that confirmed it, or, when that run never finished (a crash, an abort), the next
 *   run's. An app that acts on `newlyCreated` rows acts once per user.
 * - One bad contact never stops the others: GoTo's per-user failures become failed rows.
 */
export async function runImport(
  deps: RunDeps,
  plan: ImportPlan,
  options: RunOptions = {},
): Promise<ImportReport> {
  // Before anything is read or written: the plan is the one planning made (SPEC I3, I6).
  verifyPlan(plan, deps.planKey);
  if (deps.connections && !(await deps.connections.get(plan.connectionId, options))) {
    throw new PsaBridgeError(
      'NOT_FOUND',
      `The connection of this plan (${plan.connectionId}) was deleted, and its plans ended with it: connect again and plan a new import`,
      { details: { connectionId: plan.connectionId, planId: plan.id, reason: 'connection-deleted' } },
    );
  }
  if (plan.seatShortages.length > 0 && !options.allowSeatShortage) {
    const names = plan.seatShortages.map(
      (short) => `${short.name ?? short.licenseKey} (${short.needed} needed, ${short.available} free)`,
    );
    throw new PsaBridgeError(
      'VALIDATION',
      `The plan needs more seats than are free: ${names.join(', ')}. Buy seats and plan again, or run with allowSeatShortage to create as many as fit.`,
      { details: { licenseKeys: plan.seatShortages.map((short) => short.licenseKey) } },
    );
  }
  const journal = options.journal ?? deps.journal;
  const lease = await holdLease(
    journal,
    plan.id,
    options.runnerId ?? newRunnerId(),
    options.leaseTtlMs ?? 60_000,
    deps.clock,
  );
  try {
    return await runHeld(deps, plan, options, journal, lease);
  } finally {
    await lease.release();
  }
}

async function runHeld(
  deps: RunDeps,
  plan: ImportPlan,
  options: RunOptions,
  journal: ImportJournal,
  lease: LeaseHold,
): Promise<ImportReport> {
  const { intents, outcomes, runs, finished, continuing } = await readHistory(journal, plan.id, options);
  const run = runs + 1;
  // Only a run after one that never finished can go on with it.
  const continues = options.continues === true && runs > 0 && !finished.has(runs);
  if (continues) continuing.add(run);
  const now = (): string => new Date(deps.clock.now()).toISOString();
  const outcome = (
    row: PlanRow,
    fields: Omit<OutcomeEntry, 'type' | 'runId' | 'contactId' | 'email' | 'at' | 'run'>,
  ): OutcomeEntry => ({
    type: 'outcome',
    runId: plan.id,
    contactId: row.contactId,
    email: row.email ?? row.invalidEmail ?? '',
    run,
    at: now(),
    ...fields,
  });
  /** Ours when an attempt of this import was made for it; someone else's otherwise. */
  const found = (row: PlanRow, userKey: string): OutcomeEntry =>
    outcome(row, { outcome: intents.has(row.contactId) ? 'created' : 'existing', userKey });
  const record = async (entries: OutcomeEntry[], extra: JournalEntry[] = []): Promise<void> => {
    await journal.append([...extra, ...entries], options);
    for (const entry of entries) outcomes.set(entry.contactId, entry);
  };

  const skips: OutcomeEntry[] = [];
  for (const row of plan.rows) {
    if (row.action !== 'skip' || isFinal(outcomes.get(row.contactId))) continue;
    if (row.reason === 'existing' && row.existingUserKey) skips.push(found(row, row.existingUserKey));
    else skips.push(outcome(row, { outcome: 'skipped', reason: row.reason }));
  }
  await record(skips, [
    {
      type: 'run-started',
      runId: plan.id,
      fingerprint: plan.id,
      run,
      at: now(),
      ...(continues ? { continues: true } : {}),
    },
  ]);

  const remaining = plan.rows.filter(
    (row) => row.action === 'create' && !isFinal(outcomes.get(row.contactId)),
  );
  // One lookup for the whole run, not one per batch: a user GoTo already has is this import's
  // (an intent was written for it) or someone else's.
  const known = remaining.length
    ? await deps.goto.findUsersByEmail(
        plan.accountKey,
        remaining.map((row) => row.email ?? ''),
        options,
      )
    : new Map();
  const settled: OutcomeEntry[] = [];
  for (const row of remaining) {
    const user = known.get(emailKey(row.email ?? '') ?? '');
    if (user) settled.push(found(row, user.key));
  }
  await record(settled);

  const pending = remaining.filter((row) => !isFinal(outcomes.get(row.contactId)));
  const batchSize = options.batchSize ?? 50;
  const startedAt = deps.clock.now();
  let doneThisRun = 0;
  const progress = (): void => {
    if (!options.onProgress) return;
    const elapsed = deps.clock.now() - startedAt;
    const finals = [...outcomes.values()].filter(isFinal);
    options.onProgress({
      done: plan.rows.filter((row) => isFinal(outcomes.get(row.contactId))).length,
      total: plan.rows.length,
      totals: countOutcomes(finals),
      ...(doneThisRun > 0
        ? { etaMs: Math.round((elapsed / doneThisRun) * (pending.length - doneThisRun)) }
        : {}),
    });
  };
  if (pending.length > 0) progress();
  for (let i = 0; i < pending.length; i += batchSize) {
    throwIfAborted(options.signal);
    await lease.confirm();
    const batch = pending.slice(i, i + batchSize);
    const told = tellBatch(deps, plan, run, i / batchSize + 1, batch.length);
    const batchIntents: IntentEntry[] = batch.map((row) => ({
      type: 'intent',
      runId: plan.id,
      contactId: row.contactId,
      email: row.email ?? '',
      run,
      at: now(),
    }));
    // Fenced: written only while this runner's lease (this generation) runs past the margin.
    await journal.append(batchIntents, { signal: options.signal, fence: lease.fence() });
    for (const intent of batchIntents)
      if (!intents.has(intent.contactId)) intents.set(intent.contactId, intent);
    const results = await told.around(() =>
      deps.goto.createUsers(
        plan.accountKey,
        batch.map((row) => ({ email: row.email ?? '', firstName: row.firstName, lastName: row.lastName })),
        {
          licenseKeys: plan.licenseKeys,
          sendWelcomeEmail: plan.sendWelcomeEmail,
          existingChecked: true,
          ...callSettings(options),
          // Immediately before every create request, retries included: a runner that slept past
          // its lease stops here with CONFLICT and sends nothing.
          beforeSend: () => lease.check(),
        },
      ),
    );
    const entries = batch.map((row, index): OutcomeEntry => {
      const result = results[index];
      if (!result) {
        return outcome(row, {
          outcome: 'failed',
          code: 'UPSTREAM',
          reason: 'GoTo did not answer for this user',
          retryable: true,
        });
      }
      if (result.status === 'failed') {
        const retryable = result.retryable === true;
        return outcome(row, {
          outcome: 'failed',
          code: result.code,
          reason: failureReason(result.code, retryable, result.reason),
          message: result.reason,
          retryable,
          ...(result.vendorCode ? { vendorCode: result.vendorCode } : {}),
        });
      }
      // Created by this batch, or by an earlier attempt of this import whose answer was lost: an
      // intent exists either way, so it is this import's creation.
      const warnings = [
        ...row.warnings,
        ...result.warnings.filter((warning) => !row.warnings.includes(warning)),
      ];
      return outcome(row, {
        outcome: 'created',
        userKey: result.user.key,
        ...(warnings.length ? { warnings } : {}),
      });
    });
    await record(entries);
    told.ended(entries);
    doneThisRun += batch.length;
    progress();
  }
  await journal.append([{ type: 'run-finished', runId: plan.id, run, at: now() }], options);
  progress();

  return reportOf(plan, { outcomes, continuing }, run, Math.max(0, ...finished));
}

/** Tells `deps.hooks.onImportBatch` of one batch: when it failed, or once its outcomes are known. */
function tellBatch(deps: RunDeps, plan: ImportPlan, run: number, batch: number, size: number) {
  const startedAt = deps.clock.now();
  const tell = (counts: { created: number; failed: number }, errorCode?: string): void => {
    const hook = deps.hooks?.onImportBatch;
    if (!hook) return;
    try {
      hook({
        ...deps.context,
        importId: plan.id,
        accountKey: plan.accountKey,
        run,
        batch,
        size,
        ...counts,
        startedAt,
        durationMs: deps.clock.now() - startedAt,
        ...(errorCode ? { errorCode } : {}),
      });
    } catch {
      // A metrics hook never breaks an import.
    }
  };
  return {
    async around<T>(send: () => Promise<T>): Promise<T> {
      try {
        return await send();
      } catch (error) {
        tell({ created: 0, failed: 0 }, isPsaBridgeError(error) ? error.code : 'UNKNOWN');
        throw error;
      }
    },
    ended(entries: readonly OutcomeEntry[]): void {
      tell({
        created: entries.filter((entry) => entry.outcome === 'created').length,
        failed: entries.filter((entry) => entry.outcome === 'failed').length,
      });
    },
  };
}
