import { api, type Items, type PlanAnswer, type RunStatus } from '../api';

/** Where this tab keeps the id of the import it started, so a reload finds its report again. */
const STARTED = 'psa-bridge-admin:import-run';

/** Remembers the import run this tab started. */
export function rememberRun(runId: string): void {
  try {
    sessionStorage.setItem(STARTED, runId);
  } catch {
    // Storage may be off (private mode): a reload then finds only runs still in flight.
  }
}

/** Forgets it, once its report was shown and left (another account was chosen). */
export function forgetRun(): void {
  try {
    sessionStorage.removeItem(STARTED);
  } catch {
    // As above.
  }
}

/**
 * The import to show again after a reload, or from another tab: one still in flight (any tab's,
 * from `GET /runs`), else the one this tab started, ended or not; with the plan it runs.
 */
export async function findRunToResume(): Promise<{ run: RunStatus; plan: PlanAnswer } | undefined> {
  const { items } = await api<Items<RunStatus>>('GET', '/runs?kind=import');
  let remembered: string | null = null;
  try {
    remembered = sessionStorage.getItem(STARTED);
  } catch {
    remembered = null;
  }
  const run =
    items.find((candidate) => candidate.state === 'running' || candidate.state === 'queued') ??
    items.find((candidate) => candidate.id === remembered);
  if (!run?.planId) return undefined;
  const plan = await api<PlanAnswer>('GET', `/imports/${encodeURIComponent(run.planId)}`).catch(
    () => undefined,
  );
  return plan ? { run, plan } : undefined;
}
