/**
 * One test per finding of the outside fault-injection run (SPEC I1, I6, I7, I8), each written to
 * fail on the code before the fix, plus a kill at every step of a batch with both restart
 * styles and both of GoTo's answers to an existing user.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportPlan } from '@psa-bridge/core';
import { createMemoryImportJournal } from '@psa-bridge/core/adapter';
import { emailKey } from '@psa-bridge/core/email';
import { createJsonLinesImportJournal } from '@psa-bridge/core/node';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KILL_POINTS, killer } from './kill-points.js';
import { type World, withWorld } from './world.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const planFor = (world: World, bridge = world.open(), extra = {}) =>
  bridge.imports.plan({
    connectionId: world.connectionId,
    accountKey: world.accountKey,
    licenseKeys: [world.licenseKey],
    ...extra,
  });

/** Everything the GoTo account holds, once per email identity, or the duplicates. */
function duplicates(world: World): string[] {
  const seen = new Set<string>();
  return world.gotoFake.users(world.accountKey).flatMap((user) => {
    const key = emailKey(user.email) ?? user.email;
    if (seen.has(key)) return [key];
    seen.add(key);
    return [];
  });
}

describe.each(['reference', 'listed', 'conflict'] as const)(
  'a kill at every step, GoTo answering "%s"',
  (answer) => {
    describe.each(['saved', 'replan'] as const)('restarting with the %s plan', (style) => {
      it.each(KILL_POINTS.filter((point) => point !== 'mid-plan'))(
        'killed %s: created once, reported created',
        async (point) => {
          await withWorld(
            server,
            {
              psa: 'connectwise',
              existingUserAnswer: answer,
              contacts: 20,
            },
            async (world) => {
              const doomed = killer({ point, nth: 2 });
              const first = world.open(doomed);
              const plan = await planFor(world, first);
              await expect(first.imports.run(plan, { batchSize: 5 })).rejects.toThrow();
              expect(doomed.died()).toBe(true);
              const restarted = world.open();
              const next: ImportPlan =
                style === 'saved' ? JSON.parse(JSON.stringify(plan)) : await planFor(world, restarted);
              expect(next.id).toBe(plan.id);
              const report = await restarted.imports.run(next, { batchSize: 5 });
              expect(duplicates(world)).toEqual([]);
              const created = report.rows.filter((row) => row.outcome === 'created');
              // Everything this import created is reported created (never existing), new in this report.
              expect(created).toHaveLength(plan.totals.create);
              expect(report.rows.filter((row) => row.outcome === 'existing')).toHaveLength(1);
              expect(report.totals.newlyCreated).toBe(created.length);
              expect(world.gotoFake.users(world.accountKey)).toHaveLength(created.length + 1);
            },
          );
        },
      );
    });
  },
);

describe('the findings, one by one', () => {
  it('1. planning again after a crash reports the users the dead batch created as created, not existing', async () => {
    await withWorld(
      server,
      {
        psa: 'connectwise',
        existingUserAnswer: 'listed',
        contacts: 20,
      },
      async (world) => {
        const doomed = killer({ point: 'after-create-before-answer', nth: 1 });
        const first = world.open(doomed);
        await first.imports.run(await planFor(world, first), { batchSize: 5 }).catch(() => undefined);
        const bridge = world.open();
        const replanned = await planFor(world, bridge);
        // The fresh plan sees them in GoTo already...
        expect(replanned.totals.existing).toBe(6);
        const report = await bridge.imports.run(replanned);
        // ...but the journal knows this import sent them.
        expect(report.totals).toMatchObject({ existing: 1, created: replanned.totals.create + 5 });
      },
    );
  });

  it('2. a quoted local part in another letter case is one user, reported created, never failed', async () => {
    await withWorld(server, { psa: 'datto', existingUserAnswer: 'listed', contacts: 1 }, async (world) => {
      const bridge = world.open();
      const report = await bridge.imports.run(await planFor(world, bridge));
      const quoted = report.rows.filter((row) => row.email.toLowerCase().includes('jane q. doe'));
      expect(quoted.map((row) => row.outcome).sort()).toEqual(['created', 'skipped']);
      expect(report.totals.failed).toBe(0);
      const again = await bridge.imports.run(await planFor(world, bridge));
      expect(again.totals.failed).toBe(0);
      expect(duplicates(world)).toEqual([]);
    });
  });

  it('3. names past 32 characters are clipped between characters, and GoTo accepts them', async () => {
    await withWorld(
      server,
      {
        psa: 'connectwise',
        existingUserAnswer: 'listed',
        contacts: 1,
      },
      async (world) => {
        const bridge = world.open();
        const plan = await planFor(world, bridge);
        const row = plan.rows.find((candidate) => candidate.email === 'emoji.long@example.com');
        expect(row?.warnings).toEqual([
          'firstName clipped to 32 characters',
          'lastName clipped to 32 characters',
        ]);
        expect(row?.firstName.length).toBeLessThanOrEqual(32);
        expect(row?.firstName.endsWith('🎄')).toBe(true);
        expect(row?.lastName.endsWith('e\u0301')).toBe(true);
        const report = await bridge.imports.run(plan);
        expect(report.rows.find((candidate) => candidate.contactId === row?.contactId)).toMatchObject({
          outcome: 'created',
          warnings: ['firstName clipped to 32 characters', 'lastName clipped to 32 characters'],
        });
      },
    );
  });

  it('4. failures that can pass are retried by running again; plan ids follow includeInactive and sendWelcomeEmail', async () => {
    await withWorld(
      server,
      {
        psa: 'connectwise',
        existingUserAnswer: 'listed',
        contacts: 10,
        seats: 5,
      },
      async (world) => {
        const bridge = world.open();
        const plan = await planFor(world, bridge);
        expect(plan.seatShortages).toHaveLength(1);
        const short = await bridge.imports.run(plan, { allowSeatShortage: true });
        expect(short.totals.created).toBe(5);
        const failed = short.rows.filter((row) => row.outcome === 'failed');
        expect(failed.every((row) => row.retryable && row.reason === 'no-seat')).toBe(true);
        expect(failed.every((row) => row.vendorCode === 'license.seats.exceeded' && row.message)).toBe(true);
        // The partner buys seats and plans again: the same import, and only the failed ones are sent.
        const license = world.gotoFake.state.accounts[0]?.licenses[0];
        if (license) license.seats = 1_000;
        const replanned = await planFor(world, bridge);
        expect(replanned.id).toBe(plan.id);
        const report = await bridge.imports.run(replanned);
        expect(report.totals).toMatchObject({
          failed: 0,
          created: plan.totals.create,
          newlyCreated: plan.totals.create - 5,
        });
        expect((await planFor(world, bridge, { includeInactive: true })).id).not.toBe(plan.id);
        expect((await planFor(world, bridge, { sendWelcomeEmail: false })).id).not.toBe(plan.id);
      },
    );
  });

  it('6. the dry run tells the truth: long emails skipped, seats counted for real creates only, a shortage stops run', async () => {
    await withWorld(
      server,
      {
        psa: 'connectwise',
        existingUserAnswer: 'listed',
        contacts: 1,
      },
      async (world) => {
        const bridge = world.open();
        const roomy = await planFor(world, bridge);
        expect(roomy.rows.find((row) => row.reason === 'email-too-long')).toMatchObject({ action: 'skip' });
        const creates = roomy.totals.create;
        const license = world.gotoFake.state.accounts[0]?.licenses[0];
        if (!license) throw new Error('no license');
        // Exactly as many seats as real creates: skipped, invalid and existing rows need none.
        license.seats = creates;
        expect((await planFor(world, bridge)).seatShortages).toEqual([]);
        license.seats = creates - 1;
        const short = await planFor(world, bridge);
        expect(short.seatShortages).toMatchObject([{ needed: creates, available: creates - 1 }]);
        await expect(bridge.imports.run(short)).rejects.toMatchObject({ code: 'VALIDATION' });
        expect(world.gotoFake.state.createRequests).toBe(0);
      },
    );
  });

  it('7. skipped rows keep the email, invalid rows keep the offending value', async () => {
    await withWorld(
      server,
      {
        psa: 'connectwise',
        existingUserAnswer: 'listed',
        contacts: 1,
      },
      async (world) => {
        const plan = await planFor(world);
        expect(plan.rows.find((row) => row.reason === 'inactive' && row.lastName === 'Twin')?.email).toBe(
          'case.only@example.com',
        );
        expect(
          plan.rows.find((row) => row.reason === 'duplicate-email' && row.lastName === 'only')?.email,
        ).toBe('case.only@example.com');
        expect(
          plan.rows.find((row) => row.reason === 'invalid-email' && row.lastName === 'Email')?.invalidEmail,
        ).toBe('not an email');
        expect(plan.rows.find((row) => row.reason === 'email-too-long')?.invalidEmail).toMatch(/^l{60}@/);
      },
    );
  });

  it('8. a finished plan run again claims no new creation', async () => {
    await withWorld(
      server,
      {
        psa: 'connectwise',
        existingUserAnswer: 'conflict',
        contacts: 5,
      },
      async (world) => {
        const bridge = world.open();
        const plan = await planFor(world, bridge);
        const first = await bridge.imports.run(plan);
        const second = await bridge.imports.run(plan);
        const third = await bridge.imports.run(await planFor(world, bridge));
        expect(first.totals.newlyCreated).toBe(first.totals.created);
        expect([second.totals.newlyCreated, third.totals.newlyCreated]).toEqual([0, 0]);
        expect([second.run, third.run]).toEqual([2, 3]);
      },
    );
  });
});

describe('one runner at a time (SPEC I8)', () => {
  it('two bridges running one plan over a shared journal file: one runs, the other stops with CONFLICT', async () => {
    await withWorld(
      server,
      {
        psa: 'connectwise',
        existingUserAnswer: 'listed',
        contacts: 30,
      },
      async (world) => {
        const [a, b] = [world.open(), world.open()];
        const plan = await planFor(world, a);
        const results = await Promise.allSettled([
          a.imports.run(plan, { batchSize: 3 }),
          b.imports.run(plan, { batchSize: 3 }),
        ]);
        const statuses = results.map((result) => result.status).sort();
        expect(statuses).toEqual(['fulfilled', 'rejected']);
        const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toMatchObject({ code: 'CONFLICT' });
        expect(duplicates(world)).toEqual([]);
        // Once the first finished, the lease is free again.
        await expect(b.imports.run(plan)).resolves.toMatchObject({ totals: { newlyCreated: 0 } });
      },
    );
  });

  it.each(['memory', 'file'] as const)(
    'the %s journal: claim, refuse, lapse, take over, lose, release',
    async (kind) => {
      const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-lease-'));
      try {
        const journal =
          kind === 'memory'
            ? createMemoryImportJournal()
            : createJsonLinesImportJournal({ path: join(directory, 'journal.jsonl') });
        const first = await journal.claimLease({ runId: 'r', owner: 'a', now: 1_000, ttlMs: 100 });
        expect(first).toMatchObject({ owner: 'a', expiresAt: 1_100 });
        expect(await journal.claimLease({ runId: 'r', owner: 'b', now: 1_050, ttlMs: 100 })).toBeNull();
        expect(
          await journal.claimLease({ runId: 'other', owner: 'b', now: 1_050, ttlMs: 100 }),
        ).not.toBeNull();
        const renewed = await journal.renewLease(first as NonNullable<typeof first>, 1_090, 100);
        expect(renewed?.expiresAt).toBe(1_190);
        expect(await journal.claimLease({ runId: 'r', owner: 'b', now: 1_150, ttlMs: 100 })).toBeNull();
        const taken = await journal.claimLease({ runId: 'r', owner: 'b', now: 1_200, ttlMs: 100 });
        expect(taken?.owner).toBe('b');
        expect(await journal.renewLease(renewed as NonNullable<typeof renewed>, 1_210, 100)).toBeNull();
        await journal.releaseLease(renewed as NonNullable<typeof renewed>);
        expect(await journal.claimLease({ runId: 'r', owner: 'c', now: 1_220, ttlMs: 100 })).toBeNull();
        await journal.releaseLease(taken as NonNullable<typeof taken>);
        expect(await journal.claimLease({ runId: 'r', owner: 'c', now: 1_220, ttlMs: 100 })).not.toBeNull();
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
  );

  it('the file lease holds under contention: of many claimants at once, exactly one wins', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-lease-'));
    try {
      const path = join(directory, 'journal.jsonl');
      const journals = Array.from({ length: 12 }, () => createJsonLinesImportJournal({ path }));
      const stale = await journals[0]?.claimLease({ runId: 'r', owner: 'dead', now: 0, ttlMs: 10 });
      expect(stale).not.toBeNull();
      const claims = await Promise.all(
        journals.map((journal, index) =>
          journal.claimLease({ runId: 'r', owner: `p${index}`, now: 1_000, ttlMs: 60_000 }),
        ),
      );
      expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
