import type { OutcomeEntry } from '../contracts/stores.js';
import type { PlanReason } from './plan-row.js';

/** Why GoTo did not create a contact; an app branches on these, never on the message. */
export type FailureReason =
  | 'invalid-user'
  | 'no-seat'
  | 'conflict'
  | 'rate-limited'
  | 'vendor-unavailable'
  | 'network'
  | 'no-answer'
  | 'refused'
  | 'not-run'
  | 'unexpected';

/** Why a row was skipped (the plan's reason) or failed: a closed set to branch on. */
export type ReportReason = Exclude<PlanReason, 'new' | 'existing'> | FailureReason;

const SKIP_REASONS: ReadonlySet<string> = new Set([
  'no-email',
  'invalid-email',
  'email-too-long',
  'duplicate-email',
  'inactive',
]);

/** The closed reason of a failure, from psa-bridge's code and whether it may pass. */
export function failureReason(code: string | undefined, retryable: boolean, message = ''): FailureReason {
  switch (code) {
    case 'VALIDATION':
      return 'invalid-user';
    case 'CONFLICT':
      return retryable ? 'no-seat' : 'conflict';
    case 'RATE_LIMITED':
      return 'rate-limited';
    case 'UPSTREAM':
      return /did not (answer|confirm)/i.test(message) ? 'no-answer' : 'vendor-unavailable';
    case 'NETWORK':
    case 'TIMEOUT':
      return 'network';
    case 'AUTHENTICATION':
    case 'PERMISSION':
    case 'NOT_FOUND':
      return 'refused';
    case 'ABORTED':
      return 'not-run';
    default:
      return 'unexpected';
  }
}

/** What happened to one contact of an import. */
export interface ReportRow {
  /** PSA contact id. */
  readonly contactId: string;
  /** The email (empty when the contact had none; the offending value for invalid ones). */
  readonly email: string;
  /**
   * - `created`: this import created the GoTo user, in whichever run or attempt;
   * - `existing`: someone else had created it; nothing changed;
   * - `skipped`: not sent, with `reason` (no or invalid email, duplicate, inactive);
   * - `failed`: GoTo refused it; `retryable` says whether running the import again may help.
   */
  readonly outcome: OutcomeEntry['outcome'];
  /** The GoTo user key, for created and existing users. */
  readonly userKey?: string;
  /** Why it was skipped or failed: a closed set to branch on. */
  readonly reason?: ReportReason;
  /** For failed contacts: the words of GoTo (redacted) or of the error, for people. */
  readonly message?: string;
  /** For created contacts: what was adjusted to fit GoTo, like a clipped name. */
  readonly warnings?: readonly string[];
  /** psa-bridge error code, for failed contacts. */
  readonly code?: string;
  /** GoTo's own error code, for failed contacts, when it sent one. */
  readonly vendorCode?: string;
  /** For failed contacts: whether running the import again retries it (SPEC I7). */
  readonly retryable?: boolean;
  /** For created contacts: the run that confirmed the creation (1 for the first run of the plan). */
  readonly createdInRun?: number;
  /** For created contacts: when that run confirmed it (ISO 8601). */
  readonly createdAt?: string;
  /**
   * For created contacts: true in the first report that shows the creation (no earlier run that
   * confirmed it finished). Act on these rows, and each user is acted on once (SPEC I7).
   */
  readonly newlyCreated?: boolean;
}

/** Counts by outcome, and how many creations this report is the first to show. */
export interface ReportTotals {
  /** Rows this import created, in any run. */
  readonly created: number;
  /** Rows whose user someone else had created. */
  readonly existing: number;
  /** Rows not sent, with a reason. */
  readonly skipped: number;
  /** Rows GoTo refused. */
  readonly failed: number;
  /** Rows with `newlyCreated`: creations no earlier report showed (SPEC I7). */
  readonly newlyCreated: number;
}

/** The report of an import run: one row per contact of the plan (SPEC I6, I7). */
export interface ImportReport {
  /** The import (the plan's id). */
  readonly runId: string;
  /** Which run of the plan this was: 1 for the first, 2 when it was run again, and so on. */
  readonly run: number;
  /** One row per contact, in the plan's order. */
  readonly rows: readonly ReportRow[];
  /** Counts by outcome. */
  readonly totals: ReportTotals;
}

/** Counts rows by outcome. */
export function countOutcomes(
  items: Iterable<{ readonly outcome: OutcomeEntry['outcome'] }>,
): Record<OutcomeEntry['outcome'], number> {
  const totals = { created: 0, existing: 0, skipped: 0, failed: 0 };
  for (const item of items) totals[item.outcome] += 1;
  return totals;
}

/**
 * A report row from a contact's latest outcome. `lastDelivered` is the latest earlier run that
 * finished, so its report showed every outcome written up to then (0 when none did): a creation
 * confirmed after it is new to the app.
 */
export function reportRow(
  contactId: string,
  email: string,
  entry: OutcomeEntry | undefined,
  lastDelivered: number,
): ReportRow {
  if (!entry)
    return { contactId, email, outcome: 'failed', reason: 'not-run', code: 'ABORTED', retryable: true };
  return {
    contactId,
    email,
    outcome: entry.outcome,
    ...(entry.userKey ? { userKey: entry.userKey } : {}),
    ...reasonFields(entry),
    ...(entry.code ? { code: entry.code } : {}),
    ...(entry.vendorCode ? { vendorCode: entry.vendorCode } : {}),
    ...(entry.outcome === 'failed' ? { retryable: entry.retryable === true } : {}),
    ...(entry.outcome === 'created'
      ? { createdInRun: entry.run ?? 1, createdAt: entry.at, newlyCreated: (entry.run ?? 1) > lastDelivered }
      : {}),
  };
}

/**
 * The reason, message and warnings of a row. Journals written before reasons were closed kept
 * free text in `reason`: a known slug stays a reason, any other text becomes the message (of a
 * failure) or a warning (of a creation).
 */
function reasonFields(entry: OutcomeEntry): Pick<ReportRow, 'reason' | 'message' | 'warnings'> {
  const text = entry.reason;
  const warnings = entry.warnings ?? (entry.outcome === 'created' && text ? text.split('; ') : undefined);
  if (entry.outcome === 'created') return warnings?.length ? { warnings } : {};
  if (entry.outcome === 'skipped')
    return text && SKIP_REASONS.has(text) ? { reason: text as ReportReason } : {};
  if (entry.outcome !== 'failed') return {};
  const message = entry.message ?? text;
  const known = text !== undefined && text !== message ? text : undefined;
  return {
    reason:
      (known as FailureReason | undefined) ?? failureReason(entry.code, entry.retryable === true, message),
    ...(message ? { message } : {}),
  };
}
