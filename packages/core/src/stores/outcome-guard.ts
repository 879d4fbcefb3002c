import type { JournalEntry } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';

/** The identity of an outcome: one per run of a plan and contact. */
export const outcomeKey = (entry: JournalEntry): string | undefined =>
  entry.type === 'outcome' ? `${entry.runId}\u0000${entry.run ?? 1}\u0000${entry.contactId}` : undefined;

/**
 * Keeps the journal's promise that a contact has at most one outcome per run: `check` refuses a
 * batch that repeats one (within itself or against what was kept) before anything is written, so
 * an append is all or nothing; `keep` records a written batch.
 */
export interface OutcomeGuard {
  /** Rejects with `CONFLICT` naming the run and contact when the batch repeats an outcome. */
  check(entries: readonly JournalEntry[]): void;
  /** Records the outcomes of a written batch. */
  keep(entries: readonly JournalEntry[]): void;
}

/** Creates an {@link OutcomeGuard}, starting from outcomes already written. */
export function createOutcomeGuard(written: Iterable<JournalEntry> = []): OutcomeGuard {
  const seen = new Set<string>();
  const keep = (entries: Iterable<JournalEntry>): void => {
    for (const entry of entries) {
      const key = outcomeKey(entry);
      if (key) seen.add(key);
    }
  };
  keep(written);
  return {
    check(entries) {
      const batch = new Set<string>();
      for (const entry of entries) {
        const key = outcomeKey(entry);
        if (!key) continue;
        if (seen.has(key) || batch.has(key)) {
          const contactId = entry.type === 'outcome' ? entry.contactId : '';
          throw new PsaBridgeError(
            'CONFLICT',
            `The journal already holds an outcome for contact "${contactId}" in run ${entry.runId} #${(entry as { run?: number }).run ?? 1}; nothing of this append was written`,
            { details: { runId: entry.runId, contactId } },
          );
        }
        batch.add(key);
      }
    },
    keep,
  };
}
