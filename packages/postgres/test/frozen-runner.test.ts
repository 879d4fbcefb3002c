import { emailKey } from '@psa-bridge/core/email';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import { describe, expect, it } from 'vitest';
import { freezeRunnerPastItsLease } from '../../../test/integration/frozen-runner.js';
import { SECRET_KEY, startScenario } from '../../../test/integration/scenario.js';
import { freshDatabase } from './support/databases.js';

describe('a runner frozen past its lease sends nothing when it wakes (SPEC I8, fencing on PostgreSQL)', () => {
  it.each(['after-intents', 'between-creates'] as const)(
    'frozen %s: the fenced intents and the check before each create keep one create request per contact',
    async (freezeAt) => {
      const url = await freshDatabase();
      await migrate({ connectionString: url });
      const stores = createPostgresStores({ connectionString: url, tenant: 'frozen', secretKey: SECRET_KEY });
      const scenario = await startScenario({ kind: 'connectwise', contacts: 15, virtualTime: false, stores });
      try {
        const result = await freezeRunnerPastItsLease(
          scenario,
          { kind: 'postgres', url, tenant: 'frozen' },
          freezeAt,
        );
        expect(result.output).toMatch(/stopped CONFLICT/);
        for (const email of result.creates) expect(result.sends.get(emailKey(email) ?? email), email).toBe(1);
        expect([...result.sends.values()].every((count) => count === 1)).toBe(true);
        expect(result.users.length).toBe(result.creates.length);
      } finally {
        await scenario.close();
        await stores.close();
      }
    },
    60_000,
  );

  it('a fenced append is refused once another runner claimed the lease, and writes nothing', async () => {
    const url = await freshDatabase();
    await migrate({ connectionString: url });
    const stores = createPostgresStores({ connectionString: url, tenant: 't', secretKey: SECRET_KEY });
    try {
      const journal = stores.journal;
      const first = await journal.claimLease({ runId: 'r', owner: 'a', now: 1_000, ttlMs: 100 });
      if (!first) throw new Error('no lease');
      const intent = {
        type: 'intent' as const,
        runId: 'r',
        contactId: 'c1',
        email: 'c1@x.example',
        at: 'now',
        run: 1,
      };
      await journal.append([intent], { fence: { lease: first, validUntil: 1_050 } });
      // Not valid long enough: refused.
      await expect(
        journal.append([intent], { fence: { lease: first, validUntil: 1_200 } }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      const second = await journal.claimLease({ runId: 'r', owner: 'b', now: 1_200, ttlMs: 100 });
      expect(second?.generation).toBeGreaterThan(first.generation);
      await expect(
        journal.append([intent], { fence: { lease: first, validUntil: 1_000 } }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await journal.renewLease(first, 1_250, 100)).toBeNull();
      const entries = [];
      for await (const entry of journal.read('r')) entries.push(entry);
      expect(entries).toHaveLength(1);
      // A released lease keeps its generation: the next claim is higher still.
      if (second) await journal.releaseLease(second);
      const third = await journal.claimLease({ runId: 'r', owner: 'c', now: 1_300, ttlMs: 100 });
      expect(third?.generation).toBeGreaterThan(second?.generation ?? 0);
    } finally {
      await stores.close();
    }
  });
});
