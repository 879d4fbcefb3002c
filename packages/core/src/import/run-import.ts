import type { CallOptions } from '../contracts/call-options.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { ImportJournal, JournalEntry, OutcomeEntry } from '../contracts/stores.js';
import { type Clock, throwIfAborted } from '../http/clock.js';
import type { ImportPlan, PlanRow } from './plan-import.js';

/** What happened to one contact. */
export interface ReportRow {
  /** PSA contact id. */
  readonly contactId: string;
  /** The email, lower case (empty when the contact had none). */
  readonly email: string;
  /** `created`, `existing` (already a GoTo user), `skipped` (with a reason) or `failed`. */
  readonly outcome: OutcomeEntry['outcome'];
  /** The GoTo user key, for created and existing users. */
  readonly userKey?: string;
  /** Why it was skipped or failed. */
  readonly reason?: string;
  /** psa-bridge error code, for failed contacts. */
  readonly code?: string;
}

/** The report of an import run: one row per contact of the plan (SPEC I6). */
export interface ImportReport {
  /** The run (the plan's id). */
  readonly runId: string;
  /** One row per contact, in the plan's order. */
  readonly rows: readonly ReportRow[];
  /** Counts by outcome. */
  readonly totals: Readonly<Record<OutcomeEntry['outcome'], number>>;
}

/** Progress of a run. */
export interface ImportProgress {
  /** Contacts with an outcome so far (this run and earlier ones). */
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
  /** Called after every batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Users per create call. @default 50 */
  readonly batchSize?: number;
  /** The journal to use instead of the bridge's. */
  readonly journal?: ImportJournal;
}

/** What a run needs. */
export interface RunDeps {
  readonly goto: GotoClient;
  readonly journal: ImportJournal;
  readonly clock: Clock;
}

/**
 * Runs a plan exactly once (SPEC I4, I6). Every step is written to the journal before it
 * counts: an intent before a batch is sent, an outcome after. Running the plan again, or
 * resuming after an abort or a crash (a new process with only the journal), skips every contact
 * with an outcome; a contact with an intent but no outcome may have been created before its
 * answer was lost, so GoTo is asked again, and an "existing" answer for it counts as created.
 * One bad contact never stops the others: GoTo's per-user failures become failed rows.
 */
export async function runImport(
  deps: RunDeps,
  plan: ImportPlan,
  options: RunOptions = {},
): Promise<ImportReport> {
  const journal = options.journal ?? deps.journal;
  const now = (): string => new Date(deps.clock.now()).toISOString();
  const outcomes = new Map<string, OutcomeEntry>();
  const intents = new Set<string>();
  let started = false;
  for await (const entry of journal.read(plan.id, options)) {
    if (entry.type === 'run-started') started = true;
    if (entry.type === 'intent') intents.add(entry.contactId);
    if (entry.type === 'outcome') outcomes.set(entry.contactId, entry);
  }
  const at = now();
  const first: JournalEntry[] = started
    ? []
    : [{ type: 'run-started', runId: plan.id, fingerprint: plan.id, at }];
  for (const row of plan.rows) {
    if (row.action === 'skip' && !outcomes.has(row.contactId)) {
      const entry: OutcomeEntry = {
        type: 'outcome',
        runId: plan.id,
        contactId: row.contactId,
        email: row.email ?? '',
        outcome: row.reason === 'existing' ? 'existing' : 'skipped',
        ...(row.existingUserKey ? { userKey: row.existingUserKey } : {}),
        ...(row.reason === 'existing' ? {} : { reason: row.reason }),
        at,
      };
      first.push(entry);
      outcomes.set(row.contactId, entry);
    }
  }
  await journal.append(first, options);

  const remaining = plan.rows.filter((row) => row.action === 'create' && !outcomes.has(row.contactId));
  // One lookup for the whole run (not one per batch): a user GoTo already has was created by an
  // earlier, interrupted attempt of this run (it has an intent) or by someone else (existing).
  const found = remaining.length
    ? await deps.goto.findUsersByEmail(
        plan.accountKey,
        remaining.map((row) => row.email ?? ''),
        options,
      )
    : new Map();
  const settled: OutcomeEntry[] = [];
  for (const row of remaining) {
    const user = found.get(row.email ?? '');
    if (!user) continue;
    const entry: OutcomeEntry = {
      type: 'outcome',
      runId: plan.id,
      contactId: row.contactId,
      email: row.email ?? '',
      outcome: intents.has(row.contactId) ? 'created' : 'existing',
      userKey: user.key,
      at: now(),
    };
    settled.push(entry);
    outcomes.set(row.contactId, entry);
  }
  await journal.append(settled, options);
  const pending = remaining.filter((row) => !outcomes.has(row.contactId));
  const batchSize = options.batchSize ?? 50;
  const startedAt = deps.clock.now();
  let doneThisRun = 0;
  const progress = (): void => {
    if (!options.onProgress) return;
    const elapsed = deps.clock.now() - startedAt;
    const left = pending.length - doneThisRun;
    options.onProgress({
      done: outcomes.size,
      total: plan.rows.length,
      totals: countOutcomes(outcomes.values()),
      ...(doneThisRun > 0 ? { etaMs: Math.round((elapsed / doneThisRun) * left) } : {}),
    });
  };
  if (pending.length > 0) progress();
  for (let i = 0; i < pending.length; i += batchSize) {
    throwIfAborted(options.signal);
    const batch = pending.slice(i, i + batchSize);
    await journal.append(
      batch.map((row) => ({
        type: 'intent' as const,
        runId: plan.id,
        contactId: row.contactId,
        email: row.email ?? '',
        at: now(),
      })),
      options,
    );
    const results = await deps.goto.createUsers(plan.accountKey, batch.map(toNewUser), {
      licenseKeys: plan.licenseKeys,
      sendWelcomeEmail: plan.sendWelcomeEmail,
      existingChecked: true,
      signal: options.signal,
    });
    const entries: OutcomeEntry[] = batch.map((row, index) => {
      const result = results[index];
      const base = {
        type: 'outcome' as const,
        runId: plan.id,
        contactId: row.contactId,
        email: row.email ?? '',
        at: now(),
      };
      if (!result) return { ...base, outcome: 'failed', code: 'UPSTREAM', reason: 'no answer for this user' };
      if (result.status === 'failed')
        return { ...base, outcome: 'failed', code: result.code, reason: result.reason };
      // An earlier attempt whose answer was lost created it: still this import's creation.
      const created = result.status === 'created' || intents.has(row.contactId);
      return {
        ...base,
        outcome: created ? 'created' : 'existing',
        userKey: result.user.key,
        ...(result.warnings.length ? { reason: result.warnings.join('; ') } : {}),
      };
    });
    await journal.append(entries, options);
    for (const entry of entries) outcomes.set(entry.contactId, entry);
    doneThisRun += batch.length;
    progress();
  }
  await journal.append([{ type: 'run-finished', runId: plan.id, at: now() }], options);
  progress();

  const rows = plan.rows.map((row): ReportRow => {
    const entry = outcomes.get(row.contactId);
    return {
      contactId: row.contactId,
      email: row.email ?? '',
      outcome: entry?.outcome ?? 'failed',
      ...(entry?.userKey ? { userKey: entry.userKey } : {}),
      ...(entry?.reason ? { reason: entry.reason } : {}),
      ...(entry?.code ? { code: entry.code } : {}),
    };
  });
  return { runId: plan.id, rows, totals: countOutcomes(rows) };
}

function toNewUser(row: PlanRow) {
  return { email: row.email ?? '', firstName: row.firstName, lastName: row.lastName };
}

function countOutcomes(
  items: Iterable<{ readonly outcome: OutcomeEntry['outcome'] }>,
): Record<OutcomeEntry['outcome'], number> {
  const totals = { created: 0, existing: 0, skipped: 0, failed: 0 };
  for (const item of items) totals[item.outcome] += 1;
  return totals;
}
