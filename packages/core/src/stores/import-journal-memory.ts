import type { ImportJournal, JournalEntry } from '../contracts/stores.js';
import { fenceRefused } from './lease-fence.js';
import { createMemoryLeases } from './memory-leases.js';
import { createOutcomeGuard } from './outcome-guard.js';
/** An {@link ImportJournal} in memory: survives an aborted run, not a crashed process. */
export function createMemoryImportJournal(): ImportJournal {
  const runs = new Map<string, JournalEntry[]>();
  const guard = createOutcomeGuard();
  const { holds, ...leases } = createMemoryLeases();
  return {
    async append(entries, options = {}) {
      // Checked and written in one synchronous step: nothing can take the lease in between.
      if (options.fence && !holds(options.fence)) throw fenceRefused(options.fence.lease.runId);
      guard.check(entries);
      guard.keep(entries);
      for (const entry of entries) {
        const list = runs.get(entry.runId) ?? [];
        list.push(entry);
        runs.set(entry.runId, list);
      }
    },
    async *read(runId) {
      yield* runs.get(runId) ?? [];
    },
    ...leases,
  };
}
