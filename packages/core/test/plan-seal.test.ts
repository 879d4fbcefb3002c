/**
 * A plan is run exactly as planning made it (issue: third round of attack, finding 5): a plan sent
 * to a review screen as JSON and posted back cannot be edited, cut down or forged.
 */

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBridge,
  createMemoryStores,
  derivePlanKey,
  type ImportPlan,
  type Stores,
} from '@psa-bridge/core';
import { createJsonFileStores } from '@psa-bridge/core/node';
import {
  createMemoryGoto,
  createMemoryPsa,
  createTestClock,
  type MemoryGoto,
} from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';

const contacts = Array.from({ length: 8 }, (_, i) => ({
  id: String(i + 1),
  companyId: '10',
  firstName: `First${i}`,
  lastName: `Last${i}`,
  email: `person${i}@acme.example`,
  emails: [`person${i}@acme.example`],
  active: true,
}));

async function setup(stores: Stores = createMemoryStores(), goto?: MemoryGoto) {
  const psa = createMemoryPsa({ data: { companies: [{ id: '10', name: 'Acme' }], contacts } });
  const gotoSide =
    goto ??
    createMemoryGoto({
      accounts: [
        { name: 'Acme Corporation', licenses: [{ key: 'lic', name: 'Resolve', products: ['RESOLVE'] }] },
      ],
    });
  const open = (planStores = stores, planKey?: Uint8Array) =>
    createBridge({
      providers: [psa.provider],
      goto: gotoSide.client({ clock: createTestClock() }),
      stores: planStores,
      connectOptions: { clock: createTestClock() },
      ...(planKey ? { planKey } : {}),
    });
  const bridge = open();
  const saved = await bridge.connections.testAndSave({
    providerId: 'memory',
    product: 'resolve',
    credentials: psa.credentials,
  });
  if (!saved.saved) throw new Error('not saved');
  const accountKey = gotoSide.data.accounts[0]?.key ?? '';
  await bridge.mappings.save({ connectionId: saved.connection.id, accountKey, companyId: '10' });
  const plan = await bridge.imports.plan({
    connectionId: saved.connection.id,
    accountKey,
    licenseKeys: ['lic'],
  });
  const users = () => gotoSide.data.accounts[0]?.users ?? [];
  return { bridge, open, plan, users, connectionId: saved.connection.id, accountKey };
}

/** The plan as a browser would post it back: JSON, then edited. */
const roundTrip = (plan: ImportPlan): ImportPlan => JSON.parse(JSON.stringify(plan)) as ImportPlan;

describe('imports.run refuses a plan that is not the one planning made', () => {
  it('runs an unchanged plan after a JSON round trip, with any key order', async () => {
    const { bridge, plan, users } = await setup();
    const reordered = Object.fromEntries(Object.entries(roundTrip(plan)).reverse()) as unknown as ImportPlan;
    const report = await bridge.imports.run(reordered);
    expect(report.totals.created).toBe(8);
    expect(users()).toHaveLength(8);
  });

  const tampers: [string, (plan: ImportPlan) => ImportPlan, 'rows' | 'seal'][] = [
    [
      "one create row's email changed to another address",
      (plan) => ({
        ...plan,
        rows: plan.rows.map((row, i) => (i === 2 ? { ...row, email: 'attacker@evil.example' } : row)),
      }),
      'rows',
    ],
    ['the plan cut down to three rows', (plan) => ({ ...plan, rows: plan.rows.slice(0, 3) }), 'rows'],
    [
      'a skip turned into a create',
      (plan) => ({
        ...plan,
        rows: plan.rows.map((row, i) =>
          i === 0 ? { ...row, action: 'skip' as const, reason: 'inactive' as const } : row,
        ),
      }),
      'seal',
    ],
    [
      'a name changed',
      (plan) => ({ ...plan, rows: plan.rows.map((row) => ({ ...row, firstName: 'Mallory' })) }),
      'seal',
    ],
    ['another license', (plan) => ({ ...plan, licenseKeys: ['other-license'] }), 'rows'],
    ['the welcome email switched', (plan) => ({ ...plan, sendWelcomeEmail: false }), 'rows'],
    [
      'the seat shortages emptied',
      (plan) => ({ ...plan, seatShortages: [], totals: { ...plan.totals, create: 1 } }),
      'seal',
    ],
    [
      'no seal',
      (plan) => {
        const { seal: _seal, ...rest } = plan;
        return rest as ImportPlan;
      },
      'seal',
    ],
  ];

  it.each(tampers)('%s: VALIDATION naming %s, before anything is written', async (_, tamper, field) => {
    const { bridge, plan, users } = await setup();
    const error = await bridge.imports.run(tamper(roundTrip(plan))).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field } });
    expect((error as Error).message).toMatch(/plan was refused/);
    expect(users()).toHaveLength(0);
  });

  it('a forged plan with a correct id for its rows is refused by its seal', async () => {
    const { bridge, users, open, connectionId, accountKey } = await setup();
    // The attacker edits the selection and recomputes the id: here, a bridge with another key
    // plans that selection over the same stores, so its id is right and only its seal is foreign.
    const forger = open(undefined, new Uint8Array(32).fill(7));
    const forged = await forger.imports.plan({
      connectionId,
      accountKey,
      licenseKeys: ['lic'],
      select: ['1'],
    });
    const error = await bridge.imports.run(roundTrip(forged)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'seal' } });
    expect(users()).toHaveLength(0);
  });

  it('a subset is chosen by planning with select, and that plan runs', async () => {
    const { bridge, connectionId, accountKey, users } = await setup();
    const subset = await bridge.imports.plan({
      connectionId,
      accountKey,
      licenseKeys: ['lic'],
      select: ['2', '5'],
    });
    const report = await bridge.imports.run(roundTrip(subset));
    expect(report.totals.created).toBe(2);
    expect(
      users()
        .map((user) => user.email)
        .sort(),
    ).toEqual(['person1@acme.example', 'person4@acme.example']);
  });

  it('bridges over the same stores share the key (a worker runs a plan made elsewhere); other stores refuse it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-plan-seal-'));
    const secretKey = Buffer.alloc(32, 4).toString('base64');
    const files = () => createJsonFileStores({ directory, secretKey });
    const { open, plan } = await setup(files());
    const elsewhere = open(
      createJsonFileStores({ directory, secretKey: Buffer.alloc(32, 5).toString('base64') }),
    );
    await expect(elsewhere.imports.run(roundTrip(plan))).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'seal' },
    });
    const worker = open(files());
    expect((await worker.imports.run(roundTrip(plan))).totals.created).toBe(8);
  });

  it('the stores’ plan key never shows in JSON.stringify, util.inspect or String of the stores or the bridge', async () => {
    const { inspect } = await import('node:util');
    const secretKey = Buffer.alloc(32, 6).toString('base64');
    const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-plan-key-'));
    for (const stores of [createMemoryStores(), createJsonFileStores({ directory, secretKey })]) {
      const key = stores.planKey?.reveal();
      expect(key?.length).toBe(32);
      const encodings = [
        Buffer.from(key ?? []).toString('hex'),
        Buffer.from(key ?? []).toString('base64'),
        String(key?.[0]),
      ];
      const bridge = createBridge({ providers: [], goto: createMemoryGoto().client(), stores });
      for (const shown of [
        JSON.stringify(stores),
        JSON.stringify(bridge.stores),
        inspect(stores, { depth: 5 }),
      ]) {
        for (const encoding of encodings.slice(0, 2)) expect(shown).not.toContain(encoding);
        expect(shown).not.toMatch(/"planKey":\{"0"/);
      }
    }
  });

  it('an explicit planKey must be 32 bytes; derivePlanKey makes one per tenant', () => {
    expect(() =>
      createBridge({ providers: [], goto: createMemoryGoto().client(), planKey: new Uint8Array(3) }),
    ).toThrow(expect.objectContaining({ code: 'CONFIGURATION' }));
    const key = Buffer.alloc(32, 1);
    expect(Buffer.from(derivePlanKey(key, 'a')).equals(Buffer.from(derivePlanKey(key, 'b')))).toBe(false);
  });
});
