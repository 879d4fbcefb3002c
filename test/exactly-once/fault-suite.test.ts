/**
 * The exactly-once promise under attack (SPEC I1, I6, I7, I8): seeded random schedules of
 * process deaths at every step of a batch and mid-plan, GoTo faults (lost answers, 5xx, 429,
 * dropped connections, answers past the time limit), restarts that reuse the saved plan or plan
 * again, both of GoTo's possible answers to creating an existing user, and adversarial contacts.
 * Everything is checked against the GoTo simulator's own record. A failing case names its seed;
 * run more seeds with PSA_BRIDGE_FAULT_SEEDS=1,2,3,4,5.
 */
import { type ImportPlan, type ImportReport, isPsaBridgeError } from '@psa-bridge/core';
import { emailKey } from '@psa-bridge/core/email';
import { type Fault, seededRandom } from '@psa-bridge/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PRE_EXISTING } from './adversarial-contacts.js';
import { KILL_POINTS, type KillPlan, killer } from './kill-points.js';
import { createWorld, type World } from './world.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SEEDS = (process.env.PSA_BRIDGE_FAULT_SEEDS ?? '1,2,3').split(',').map(Number);
const GOTO_FAULTS: Fault[] = [
  { kind: 'lost-answer' },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429 },
  { kind: 'network' },
  { kind: 'delay', ms: 450 },
];
const CASES = (['connectwise', 'datto', 'halo'] as const).flatMap((psa) =>
  (['reference', 'listed', 'conflict'] as const).flatMap((answer) =>
    SEEDS.map((seed) => [psa, answer, seed] as const),
  ),
);

/** Runs the import as a crashing app would, until one run finishes; returns every delivered report. */
async function importThroughCrashes(world: World, seed: number) {
  const random = seededRandom(seed * 7919);
  // Between 5 and 13 deaths per import, each at a random step and batch.
  const deathsWanted = 5 + Math.floor(random() * 9);
  let saved: string | undefined;
  const deaths: string[] = [];
  for (let life = 0; life < 80; life += 1) {
    const point = KILL_POINTS[Math.floor(random() * KILL_POINTS.length)] ?? 'before-intent';
    // A plan looks users up once; a life sends many batches, of which the first or second dies.
    const nth = point === 'mid-plan' ? 1 : 1 + Math.floor(random() * 2);
    const kill: KillPlan | undefined = deaths.length < deathsWanted ? { point, nth } : undefined;
    const process = killer(kill);
    const bridge = world.open(process);
    try {
      const reuse = saved !== undefined && random() < 0.5;
      const plan: ImportPlan = reuse
        ? JSON.parse(saved as string)
        : await bridge.imports.plan({
            connectionId: world.connectionId,
            accountKey: world.accountKey,
            licenseKeys: [world.licenseKey],
          });
      saved = JSON.stringify(plan);
      const report = await bridge.imports.run(plan, { batchSize: 7 });
      return { report, plan, deaths, bridge };
    } catch (error) {
      if (process.died()) {
        deaths.push(kill?.point ?? '?');
        continue;
      }
      // The vendor kept failing until retries ran out: an app tries again later.
      if (isPsaBridgeError(error) && ['UPSTREAM', 'NETWORK', 'TIMEOUT', 'RATE_LIMITED'].includes(error.code))
        continue;
      throw error;
    }
  }
  throw new Error('the import never finished in 80 lives');
}

describe.each(CASES)('%s, GoTo answering an existing user as "%s", seed %i', (psa, answer, seed) => {
  it('creates every contact once, loses none, and reports exactly what GoTo holds', {
    timeout: 120_000,
  }, async () => {
    const world = await createWorld(server, {
      psa,
      existingUserAnswer: answer,
      contacts: 250,
      gotoFaults: { rate: 0.2, seed, faults: GOTO_FAULTS },
    });
    try {
      const { report, deaths, bridge, plan } = await importThroughCrashes(world, seed);
      // Requests a dead process left in flight (a delayed answer) land before GoTo is read.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const context = `seed ${seed}, deaths: ${deaths.join(', ') || 'none'}`;
      // The schedule really attacked: processes died and GoTo faulted.
      expect(deaths.length, context).toBeGreaterThanOrEqual(5);
      expect(world.gotoFake.host.stats.faulted, context).toBeGreaterThan(3);
      const users = world.gotoFake.users(world.accountKey);
      const byKey = new Map<string, number>();
      for (const user of users)
        byKey.set(emailKey(user.email) ?? user.email, (byKey.get(emailKey(user.email) ?? '') ?? 0) + 1);

      // 0 duplicates: one GoTo user per email identity.
      expect(
        [...byKey.values()].every((count) => count === 1),
        context,
      ).toBe(true);
      // Report rows equal what GoTo holds: the pre-existing user and one user per created row.
      const created = report.rows.filter((row) => row.outcome === 'created');
      expect(users.length, context).toBe(created.length + 1);
      const existing = report.rows.filter((row) => row.outcome === 'existing');
      expect(
        existing.map((row) => emailKey(row.email)),
        context,
      ).toEqual([emailKey(PRE_EXISTING)]);
      expect(report.totals.failed, context).toBe(0);
      for (const row of created) {
        const user = users.find((candidate) => candidate.key === row.userKey);
        expect(user, `${context}: ${row.email}`).toBeDefined();
        expect(emailKey(user?.email ?? ''), context).toBe(emailKey(row.email));
        // Licenses right, names valid and within GoTo's limit.
        expect(user?.licenseKeys, context).toEqual([world.licenseKey]);
        for (const name of [user?.firstName ?? '', user?.lastName ?? '']) {
          expect(name.length, context).toBeLessThanOrEqual(32);
          expect(/[\uD800-\uDFFF]/u.test(name), context).toBe(false);
        }
      }
      // 0 lost: every row the plan would create is created (or was already there).
      const creates = plan.rows.filter((row) => row.action === 'create' || row.reason === 'existing');
      for (const row of creates) {
        const outcome = report.rows.find((candidate) => candidate.contactId === row.contactId)?.outcome;
        expect(['created', 'existing'], `${context}: ${row.email}`).toContain(outcome);
      }
      // A welcome email at most once per user, and one for each created user.
      expect(
        [...world.gotoFake.state.welcomeEmails.values()].every((count) => count === 1),
        context,
      ).toBe(true);
      expect(world.gotoFake.state.welcomeEmails.size, context).toBe(created.length);
      // Every creation is new in exactly one delivered report: this one, as every earlier run died.
      expect(report.totals.newlyCreated, context).toBe(created.length);
      // Nothing was ever written to the PSA (SPEC I5).
      expect(psaWrites(world), context).toEqual([]);

      // The finished import run again claims nothing and sends no create.
      const requests = world.gotoFake.state.createRequests;
      const again: ImportReport = await bridge.imports.run(plan);
      expect(again.totals.newlyCreated, context).toBe(0);
      expect(again.totals.created, context).toBe(created.length);
      expect(world.gotoFake.state.createRequests, context).toBe(requests);
    } finally {
      await world.close();
    }
  });
});

/** Requests that would change the PSA: anything but reads, Autotask's POST queries and Halo's token requests. */
function psaWrites(world: World): string[] {
  return Object.keys(world.psa.host.stats.byRoute).filter((route) => {
    const [method, path = ''] = route.split(' ');
    if (method === 'GET') return false;
    return !(method === 'POST' && /\/query(\/count|\/next)?$|^\/auth\/token$/i.test(path));
  });
}
