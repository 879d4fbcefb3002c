import { describe, expect, it } from 'vitest';
import { psaWrites, startScenario } from './scenario.js';

describe.each(['connectwise', 'datto'] as const)('an import from %s into GoTo, over loopback', (kind) => {
  it('creates every planned contact once, with the licenses, and only reads the PSA (SPEC I4-I6)', async () => {
    // Real time: GoTo's simulator enforces 10 requests per second, which the client's pacing honours.
    const scenario = await startScenario({ kind, contacts: 60, virtualTime: false });
    try {
      const { bridge, connectionId, accountKey, gotoFake } = scenario;
      const license = gotoFake.account('Acme Corporation')?.licenses[0]?.key ?? '';
      const plan = await bridge.imports.plan({ connectionId, accountKey, licenseKeys: [license] });
      const creates = plan.rows.filter((row) => row.action === 'create');
      expect(creates.length).toBeGreaterThan(30);
      const report = await bridge.imports.run(plan, { batchSize: 7 });
      expect(report.rows).toHaveLength(plan.rows.length);
      expect(report.totals.created).toBe(creates.length);
      const users = gotoFake.users(accountKey);
      for (const row of creates) {
        const matches = users.filter((user) => user.email === row.email);
        expect(matches).toHaveLength(1);
        expect(matches[0]?.licenseKeys).toEqual([license]);
      }
      const again = await bridge.imports.run(
        await bridge.imports.plan({ connectionId, accountKey, licenseKeys: [license] }),
      );
      // The same import again: the journal answers, nothing new is created or claimed.
      const without = (rows: typeof report.rows) => rows.map(({ newlyCreated, ...row }) => row);
      expect(without(again.rows)).toEqual(without(report.rows));
      expect(again.rows.some((row) => row.newlyCreated)).toBe(false);
      expect(again).toMatchObject({ run: 2, totals: { ...report.totals, newlyCreated: 0 } });
      expect(gotoFake.users(accountKey)).toHaveLength(users.length);
      expect(psaWrites(scenario.psa)).toEqual([]);
    } finally {
      await scenario.close();
    }
  });
});
