import type { GotoClient } from '@psa-bridge/core';
import type { ImportJournal, JournalEntry } from '@psa-bridge/core/adapter';

/** Where a process can die during an import: every step of a batch, and mid-plan. */
export const KILL_POINTS = [
  'mid-plan',
  'before-intent',
  'after-intent-before-send',
  'after-create-before-answer',
  'after-answer-before-outcome',
] as const;

/** One kill point. */
export type KillPoint = (typeof KILL_POINTS)[number];

/** Thrown to stand for a process that died: nothing after it runs, only what is on disk stays. */
export class Killed extends Error {
  constructor(readonly point: KillPoint) {
    super(`killed at ${point}`);
  }
}

/** A process that dies the `nth` time it reaches `point` (1-based). */
export interface KillPlan {
  readonly point: KillPoint;
  readonly nth: number;
}

/** Wraps a journal and a GoTo client so the process "dies" as `plan` says. */
export function killer(plan: KillPlan | undefined): {
  journal: (journal: ImportJournal) => ImportJournal;
  goto: (client: GotoClient) => GotoClient;
  /** Whether the process died (the bridge reports the throw as an INTERNAL error). */
  readonly died: () => boolean;
} {
  const reached = new Map<KillPoint, number>();
  let died = false;
  const reach = (point: KillPoint): boolean => {
    if (died || !plan || plan.point !== point) return false;
    const count = (reached.get(point) ?? 0) + 1;
    reached.set(point, count);
    died = count === plan.nth;
    return died;
  };
  const has = (entries: readonly JournalEntry[], type: JournalEntry['type']) =>
    entries.some((entry) => entry.type === type);
  return {
    died: () => died,
    journal: (journal) => ({
      ...journal,
      read: (runId, options) => journal.read(runId, options),
      async append(entries, options) {
        if (has(entries, 'intent') && reach('before-intent')) throw new Killed('before-intent');
        if (has(entries, 'outcome') && !has(entries, 'run-started') && reach('after-answer-before-outcome')) {
          throw new Killed('after-answer-before-outcome');
        }
        await journal.append(entries, options);
        if (has(entries, 'intent') && reach('after-intent-before-send'))
          throw new Killed('after-intent-before-send');
      },
    }),
    goto: (client) => ({
      ...client,
      async findUsersByEmail(accountKey, emails, options) {
        // The planner looks users up before the run does: a kill here is a kill mid-plan.
        if (reach('mid-plan')) throw new Killed('mid-plan');
        return client.findUsersByEmail(accountKey, emails, options);
      },
      async createUsers(accountKey, users, options) {
        const outcomes = await client.createUsers(accountKey, users, options);
        if (reach('after-create-before-answer')) throw new Killed('after-create-before-answer');
        return outcomes;
      },
    }),
  };
}
