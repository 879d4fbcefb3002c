import type { CallOptions } from '../contracts/call-options.js';
import type { ImportJournal, IntentEntry, OutcomeEntry } from '../contracts/stores.js';
import { countOutcomes, type ImportReport, reportRow } from './import-report.js';
import type { ImportPlan } from './plan-import.js';

/** What the journal says of an import so far. */
export interface History {
  /** How many runs started. */
  readonly runs: number;
  /** The first intent written for each contact. */
  readonly intents: Map<string, IntentEntry>;
  /** The latest outcome of each contact. */
  readonly outcomes: Map<string, OutcomeEntry>;
  /** Runs that finished, so their report reached the app (and showed every outcome up to then). */
  readonly finished: Set<number>;
  /** The runs that went on with the one before them (`continues`). */
  readonly continuing: Set<number>;
}

/** Reads an import's journal once, oldest entry first. */
export async function readHistory(
  journal: ImportJournal,
  runId: string,
  options: CallOptions,
): Promise<History> {
  let runs = 0;
  const intents = new Map<string, IntentEntry>();
  const outcomes = new Map<string, OutcomeEntry>();
  const finished = new Set<number>();
  const continuing = new Set<number>();
  for await (const entry of journal.read(runId, options)) {
    if (entry.type === 'run-started') {
      runs = Math.max(runs + 1, entry.run ?? 1);
      if (entry.continues) continuing.add(runs);
    } else if (entry.type === 'intent' && !intents.has(entry.contactId)) intents.set(entry.contactId, entry);
    else if (entry.type === 'outcome') outcomes.set(entry.contactId, entry);
    else if (entry.type === 'run-finished') finished.add(entry.run ?? runs);
  }
  return { runs, intents, outcomes, finished, continuing };
}

/** The app's run a journal run belongs to: runs that continue the one before count as that one. */
export const appRunOf = (run: number, continuing: ReadonlySet<number>): number => {
  let appRuns = 0;
  for (let r = 1; r <= run; r += 1) if (!continuing.has(r) || r === 1) appRuns += 1;
  return Math.max(1, appRuns);
};

/**
 * The report of an import from its journal: one row per contact of the plan, counted as of
 * `run`. `lastDelivered` is the latest finished run before it (its report showed every outcome
 * written up to then), so a creation confirmed after it is `newlyCreated`.
 */
export function reportOf(
  plan: Pick<ImportPlan, 'id' | 'rows'>,
  history: Pick<History, 'outcomes' | 'continuing'>,
  run: number,
  lastDelivered: number,
): ImportReport {
  const rows = plan.rows.map((row) => {
    const reported = reportRow(
      row.contactId,
      row.email ?? row.invalidEmail ?? '',
      history.outcomes.get(row.contactId),
      lastDelivered,
    );
    return reported.createdInRun === undefined
      ? reported
      : { ...reported, createdInRun: appRunOf(reported.createdInRun, history.continuing) };
  });
  const newlyCreated = rows.filter((row) => row.newlyCreated).length;
  return {
    runId: plan.id,
    run: appRunOf(run, history.continuing),
    rows,
    totals: { ...countOutcomes(rows), newlyCreated },
  };
}

/**
 * What an import did so far, read from its journal without running anything: the report after
 * a cancel, a crash or a stop, where contacts no run reached are `failed` with reason `not-run`
 * (retryable). Reading it does not count as delivering it: the next run's report still marks
 * the creations it shows as `newlyCreated`.
 */
export async function readImportReport(
  journal: ImportJournal,
  plan: Pick<ImportPlan, 'id' | 'rows'>,
  options: CallOptions = {},
): Promise<ImportReport> {
  const history = await readHistory(journal, plan.id, options);
  const lastDelivered = Math.max(0, ...[...history.finished].filter((run) => run < history.runs));
  return reportOf(plan, history, Math.max(1, history.runs), lastDelivered);
}
