import { createMemoryStores } from '@psa-bridge/core';
import { emailKey } from '@psa-bridge/core/email';
import { describe, expect, it } from 'vitest';
import { freezeRunnerPastItsLease } from './frozen-runner.js';
import { startScenario } from './scenario.js';

describe('a runner frozen past its lease sends nothing when it wakes (SPEC I8, fencing)', () => {
  it.each(['after-intents', 'between-creates'] as const)(
    'JSON-file journal, frozen %s: one create request per contact at GoTo',
    async (freezeAt) => {
      const scenario = await startScenario({ kind: 'connectwise', contacts: 15, virtualTime: false });
      try {
        const result = await freezeRunnerPastItsLease(
          scenario,
          { kind: 'file', directory: scenario.directory },
          freezeAt,
        );
        expect(result.output).toMatch(/stopped CONFLICT/);
        for (const email of result.creates) expect(result.sends.get(emailKey(email) ?? email), email).toBe(1);
        expect([...result.sends.values()].every((count) => count === 1)).toBe(true);
        expect(new Set(result.users).size).toBe(result.users.length);
        expect(result.users.length).toBe(result.creates.length);
      } finally {
        await scenario.close();
      }
    },
    60_000,
  );

  it('memory journal: a runner stalled past its lease in the same process stops with CONFLICT, unsent', async () => {
    const stores = createMemoryStores();
    const scenario = await startScenario({ kind: 'connectwise', contacts: 12, virtualTime: false, stores });
    try {
      const { bridge, connectionId, accountKey, gotoFake } = scenario;
      const plan = await bridge.imports.plan({ connectionId, accountKey });
      let appended = 0;
      let release: () => void = () => {};
      const stalled = new Promise<void>((resolve) => {
        release = resolve;
      });
      // Runner A: after the intents of its second batch it stalls (as a frozen process would).
      const journal = {
        ...stores.journal,
        append: async (...args: Parameters<typeof stores.journal.append>) => {
          await stores.journal.append(...args);
          if (args[0][0]?.type === 'intent' && ++appended === 2) await stalled;
        },
        read: stores.journal.read.bind(stores.journal),
        claimLease: stores.journal.claimLease.bind(stores.journal),
        // Frozen: while stalled it renews nothing.
        renewLease: async (...args: Parameters<typeof stores.journal.renewLease>) =>
          appended >= 2 ? null : stores.journal.renewLease(...args),
        releaseLease: stores.journal.releaseLease.bind(stores.journal),
      };
      const first = bridge.imports
        .run(plan, { batchSize: 3, leaseTtlMs: 300, journal })
        .catch((error: unknown) => error);
      for (let waited = 0; appended < 2 && waited < 1_000; waited += 1)
        await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const second = await bridge.imports.run(plan, { batchSize: 3, leaseTtlMs: 300 });
      expect(second.totals.failed).toBe(0);
      release();
      expect(await first).toMatchObject({ code: 'CONFLICT' });
      const creates = plan.rows.filter((row) => row.action === 'create');
      for (const row of creates)
        expect(gotoFake.state.createsSent.get(emailKey(row.email ?? '') ?? '')).toBe(1);
    } finally {
      await scenario.close();
    }
  });

  it('memory journal: after a takeover that gave the lease back, the woken runner reports nobody failed, and a resume creates everyone once (I6, I10)', async () => {
    const stores = createMemoryStores();
    const scenario = await startScenario({ kind: 'connectwise', contacts: 12, virtualTime: false, stores });
    try {
      const { bridge, connectionId, accountKey, gotoFake } = scenario;
      const plan = await bridge.imports.plan({ connectionId, accountKey });
      let appended = 0;
      let release: () => void = () => {};
      const stalled = new Promise<void>((resolve) => {
        release = resolve;
      });
      const journal = {
        ...stores.journal,
        append: async (...args: Parameters<typeof stores.journal.append>) => {
          await stores.journal.append(...args);
          if (args[0][0]?.type === 'intent' && ++appended === 2) await stalled;
        },
        read: stores.journal.read.bind(stores.journal),
        claimLease: stores.journal.claimLease.bind(stores.journal),
        renewLease: async (...args: Parameters<typeof stores.journal.renewLease>) =>
          appended >= 2 ? null : stores.journal.renewLease(...args),
        releaseLease: stores.journal.releaseLease.bind(stores.journal),
      };
      const first = bridge.imports
        .run(plan, { batchSize: 3, leaseTtlMs: 300, journal })
        .catch((error: unknown) => error);
      for (let waited = 0; appended < 2 && waited < 1_000; waited += 1)
        await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 400));
      // Another runner takes the lapsed lease and gives it back without sending (a graceful stop).
      const taken = await stores.journal.claimLease({
        runId: plan.id,
        owner: 'runner-b',
        now: Date.now(),
        ttlMs: 300,
      });
      expect(taken).not.toBeNull();
      if (taken) await stores.journal.releaseLease(taken);
      release();
      expect(await first).toMatchObject({ code: 'CONFLICT' });
      // A fresh runner resumes: the intents nobody sent are asked of GoTo, then sent, once each.
      const resumed = await bridge.imports.run(plan, { batchSize: 3, leaseTtlMs: 300 });
      const creates = plan.rows.filter((row) => row.action === 'create');
      expect(resumed.totals.failed).toBe(0);
      expect(resumed.totals.created).toBe(creates.length);
      for (const row of creates)
        expect(gotoFake.state.createsSent.get(emailKey(row.email ?? '') ?? '')).toBe(1);
    } finally {
      await scenario.close();
    }
  });
});
