import type { Fault } from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';
import { psaWrites, startScenario } from './scenario.js';

const FAULTS: Fault[] = [
  { kind: 'status', status: 429, retryAfter: '1' },
  { kind: 'status', status: 429 },
  { kind: 'status', status: 503 },
  { kind: 'network' },
  { kind: 'delay', ms: 700 },
  { kind: 'lost-answer' },
];

describe.each(['connectwise', 'datto'] as const)(
  'importing 1,000 contacts from %s through faults on about 20%% of requests',
  (kind) => {
    it('ends with every selected contact in GoTo exactly once, and a report that accounts for all', async () => {
      const scenario = await startScenario({
        kind,
        contacts: 1_000,
        timeoutMs: 400,
        psaHost: { randomFaults: { rate: 0.2, seed: 11, faults: FAULTS } },
        gotoHost: { rateLimit: undefined, randomFaults: { rate: 0.2, seed: 12, faults: FAULTS } },
      });
      try {
        const { bridge, connectionId, accountKey, gotoFake } = scenario;
        const license = gotoFake.account('Acme Corporation')?.licenses[0]?.key ?? '';
        let plan: Awaited<ReturnType<typeof bridge.imports.plan>> | undefined;
        for (let attempt = 0; attempt < 10 && !plan; attempt += 1) {
          plan = await bridge.imports
            .plan({ connectionId, accountKey, licenseKeys: [license] })
            .catch(() => undefined);
        }
        if (!plan) throw new Error('no plan after 10 attempts');
        // A run that gives up (every retry faulted) is resumed, as an app would.
        let report: Awaited<ReturnType<typeof bridge.imports.run>> | undefined;
        for (let attempt = 0; attempt < 20 && !report; attempt += 1) {
          report = await bridge.imports.run(plan, { batchSize: 10 }).catch(() => undefined);
        }
        if (!report) throw new Error('the import did not finish in 20 runs');
        const creates = plan.rows.filter((row) => row.action === 'create');
        expect(report.rows).toHaveLength(plan.rows.length);
        expect(report.totals).toMatchObject({ created: creates.length, failed: 0 });
        const users = gotoFake.users(accountKey);
        const counts = new Map<string, number>();
        for (const user of users) counts.set(user.email, (counts.get(user.email) ?? 0) + 1);
        for (const row of creates) expect(counts.get(row.email ?? ''), row.email).toBe(1);
        expect(users).toHaveLength(creates.length);
        expect(users.every((user) => user.licenseKeys.includes(license))).toBe(true);
        const faulted = scenario.psa.host.stats.faulted + gotoFake.host.stats.faulted;
        const requests = scenario.psa.host.stats.requests + gotoFake.host.stats.requests;
        expect(faulted / requests).toBeGreaterThan(0.1);
        expect(faulted).toBeGreaterThanOrEqual(15);
        expect(psaWrites(scenario.psa)).toEqual([]);
      } finally {
        await scenario.close();
      }
    });
  },
);
