import type { ConnectionService } from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { ImportJournal, MappingStore } from '../contracts/stores.js';
import type { DisplayNameRule } from '../email/display-name-from-email.js';
import type { Clock } from '../http/clock.js';
import type { EventContext } from '../http/http-events.js';
import type { ImportHooks } from './import-events.js';
import { readImportReport } from './import-history.js';
import { type ImportPlan, type PlanRequest, planImport } from './plan-import.js';
import { verifyPlan } from './plan-seal.js';
import { type ImportReport, type RunOptions, runImport } from './run-import.js';

/** Importing PSA contacts as GoTo users, once and one way (SPEC I1-I6). */
export interface ImportService {
  /**
   * A dry run (SPEC I1-I3): every selected contact with its action and reason, missing names
   * derived from the email and flagged, existing GoTo users found, seat shortages reported.
   * Nothing is written anywhere. Rejects with `NOT_FOUND` when the account is not mapped.
   */
  plan(request: PlanRequest): Promise<ImportPlan>;
  /**
   * Creates the plan's users exactly once (SPEC I4, I6); safe to run again and to resume.
   * Never writes to the PSA (SPEC I5). The plan must be one `plan` made, unchanged (its `seal`
   * verifies under the bridge's plan key): a changed, cut-down or forged plan is refused with
   * `VALIDATION` before anything is written. To import fewer contacts, plan with `select`.
   */
  run(plan: ImportPlan, options?: RunOptions): Promise<ImportReport>;
  /**
   * What the plan's runs did so far, read from the journal; nothing is sent or written. The
   * report after a cancel, a crash or a stop: contacts no run reached are `failed` with reason
   * `not-run` (retryable), and the next run still reports its creations as `newlyCreated`.
   */
  report(plan: ImportPlan, options?: CallOptions): Promise<ImportReport>;
}

/** What the import service needs. */
export interface ImportServiceDeps {
  readonly connections: ConnectionService;
  readonly mappings: MappingStore;
  readonly goto: GotoClient;
  readonly journal: ImportJournal;
  readonly clock: Clock;
  /** The naming rule for contacts without names. @default SPEC E3 */
  readonly nameRule?: DisplayNameRule | undefined;
  /** The key plans are sealed with. */
  readonly planKey: Uint8Array;
  /** Told of every import batch. */
  readonly hooks?: ImportHooks | undefined;
  /** Who the imports are for (tenant), in batch events. */
  readonly context?: EventContext | undefined;
}

/** Creates the {@link ImportService}. */
export function createImportService(deps: ImportServiceDeps): ImportService {
  return {
    plan: (request) => planImport(deps, request, 'users'),
    run: (plan, options) => runImport(deps, plan, options),
    report: async (plan, options) => {
      verifyPlan(plan, deps.planKey);
      return readImportReport(deps.journal, plan, options);
    },
  };
}
