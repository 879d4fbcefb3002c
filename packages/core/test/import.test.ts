import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Contact, createBridge, createMemoryStores, type Stores } from '@psa-bridge/core';
import type { DisplayNameRule } from '@psa-bridge/core/email';
import { createJsonFileStores } from '@psa-bridge/core/node';
import {
  createMemoryGoto,
  createMemoryPsa,
  createTestClock,
  type MemoryGoto,
  type MemoryPsa,
} from '@psa-bridge/core/testing';
import { describe, expect, it } from 'vitest';

const contact = (id: string, email: string | undefined, extra: Partial<Contact> = {}): Contact => ({
  id,
  companyId: '10',
  firstName: 'First',
  lastName: `Last ${id}`,
  ...(email ? { email } : {}),
  emails: email ? [email] : [],
  active: true,
  ...extra,
});

const contacts: Contact[] = [
  contact('1', 'one@acme.example'),
  contact('2', 'TWO@acme.example'),
  contact('3', undefined),
  contact('4', 'not-an-email'),
  contact('5', 'one@ACME.example'),
  contact('6', 'six@acme.example', { active: false }),
  contact('7', 'existing@acme.example'),
  {
    id: '8',
    companyId: '10',
    email: 'claire.johnson@acme.example',
    emails: ['claire.johnson@acme.example'],
    active: true,
  },
  contact('9', 'nine@other.example', { companyId: '20' }),
];

async function setup(
  options: {
    stores?: Stores;
    psa?: MemoryPsa;
    goto?: MemoryGoto;
    seats?: number;
    nameRule?: DisplayNameRule;
  } = {},
) {
  const psa =
    options.psa ??
    createMemoryPsa({
      pageSize: 3,
      data: {
        companies: [
          { id: '10', name: 'Acme' },
          { id: '20', name: 'Other' },
        ],
        contacts,
      },
    });
  const goto =
    options.goto ??
    createMemoryGoto({
      accounts: [
        {
          name: 'Acme Corporation',
          licenses: [
            {
              key: 'lic-resolve',
              name: 'GoTo Resolve',
              products: ['RESOLVE'],
              seats: { total: options.seats ?? 10, available: options.seats ?? 10 },
            },
          ],
          users: [{ email: 'existing@acme.example', firstName: 'Ex', lastName: 'Isting' }],
        },
      ],
    });
  const bridge = createBridge({
    providers: [psa.provider],
    goto: goto.client({ clock: createTestClock() }),
    stores: options.stores ?? createMemoryStores(),
    connectOptions: { clock: createTestClock() },
    ...(options.nameRule ? { nameRule: options.nameRule } : {}),
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'memory',
    product: 'resolve',
    credentials: psa.credentials,
  });
  if (!saved.saved) throw new Error('not saved');
  const accountKey = goto.data.accounts[0]?.key ?? '';
  const existing = await bridge.mappings.get(saved.connection.id, accountKey);
  if (!existing)
    await bridge.mappings.save({ connectionId: saved.connection.id, accountKey, companyId: '10' });
  return { psa, goto, bridge, connectionId: saved.connection.id, accountKey };
}

describe('plan (SPEC I1-I3)', () => {
  it('lists every selected contact with its action and reason, before writing anything', async () => {
    const { bridge, connectionId, accountKey, goto } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey, licenseKeys: ['lic-resolve'] });
    expect(plan.rows.map((row) => [row.contactId, row.action, row.reason])).toEqual([
      ['1', 'create', 'new'],
      ['2', 'create', 'new'],
      ['3', 'skip', 'no-email'],
      ['4', 'skip', 'invalid-email'],
      ['5', 'skip', 'duplicate-email'],
      ['6', 'skip', 'inactive'],
      ['7', 'skip', 'existing'],
      ['8', 'create', 'new'],
    ]);
    expect(plan.rows[1]?.email).toBe('two@acme.example');
    expect(plan.rows[7]).toMatchObject({ firstName: 'Claire', lastName: 'Johnson', nameDerived: true });
    expect(plan.totals).toMatchObject({ create: 3, skip: 5, notSelected: 0 });
    expect(plan.seatShortages).toEqual([]);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(goto.data.accounts[0]?.users).toHaveLength(1);
  });

  it('selects by ids or by a test, and leaves the rest alone (I3)', async () => {
    const { bridge, connectionId, accountKey } = await setup();
    const byIds = await bridge.imports.plan({ connectionId, accountKey, select: ['1', '8'] });
    expect(byIds.rows.map((row) => row.contactId)).toEqual(['1', '8']);
    expect(byIds.totals.notSelected).toBe(6);
    const byTest = await bridge.imports.plan({
      connectionId,
      accountKey,
      select: (c) => c.email?.toLowerCase().startsWith('t') ?? false,
    });
    expect(byTest.rows.map((row) => row.contactId)).toEqual(['2']);
  });

  it('reports a license without enough seats before anything is written (I1)', async () => {
    const { bridge, connectionId, accountKey } = await setup({ seats: 2 });
    const plan = await bridge.imports.plan({ connectionId, accountKey, licenseKeys: ['lic-resolve'] });
    expect(plan.seatShortages).toEqual([
      { licenseKey: 'lic-resolve', name: 'GoTo Resolve', needed: 3, available: 2 },
    ]);
  });

  it('needs a mapped account (I2) and known licenses', async () => {
    const { bridge, connectionId, accountKey } = await setup();
    await expect(bridge.imports.plan({ connectionId, accountKey: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(bridge.imports.plan({ connectionId, accountKey, licenseKeys: ['x'] })).rejects.toMatchObject(
      { code: 'VALIDATION' },
    );
  });
});

describe('run (SPEC I4-I6)', () => {
  it('creates the planned users with the licenses, reports every contact, and writes nothing to the PSA', async () => {
    const { bridge, connectionId, accountKey, goto, psa } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey, licenseKeys: ['lic-resolve'] });
    const progress: number[] = [];
    const report = await bridge.imports.run(plan, {
      batchSize: 2,
      onProgress: (event) => progress.push(event.done),
    });
    expect(report.totals).toEqual({ created: 3, existing: 1, skipped: 4, failed: 0, newlyCreated: 3 });
    expect(report.rows).toHaveLength(8);
    const users = goto.data.accounts[0]?.users ?? [];
    expect(users.map((user) => user.email).sort()).toEqual([
      'claire.johnson@acme.example',
      'existing@acme.example',
      'one@acme.example',
      'two@acme.example',
    ]);
    expect(
      users
        .filter((user) => user.email !== 'existing@acme.example')
        .every((u) => u.licenseKeys.includes('lic-resolve')),
    ).toBe(true);
    // Once before the first batch (the skips are settled), after each batch, and at the end.
    expect(progress).toEqual([5, 7, 8, 8]);
    expect(psa.stats.writes).toBe(0);
  });

  it('creates nobody twice when the same plan runs again (I6)', async () => {
    const { bridge, connectionId, accountKey, goto } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey });
    const first = await bridge.imports.run(plan);
    const before = goto.stats.requests;
    const second = await bridge.imports.run(plan);
    // The same rows, and no creation claimed again: an app acting on newlyCreated acts once (I7).
    const without = (rows: typeof first.rows) => rows.map(({ newlyCreated, ...row }) => row);
    expect(without(second.rows)).toEqual(without(first.rows));
    expect(second.rows.some((row) => row.newlyCreated)).toBe(false);
    expect(second).toMatchObject({ run: 2, totals: { ...first.totals, newlyCreated: 0 } });
    expect(first.rows.filter((row) => row.outcome === 'created').every((row) => row.createdInRun === 1)).toBe(
      true,
    );
    expect(goto.stats.requests).toBe(before);
    expect(goto.data.accounts[0]?.users).toHaveLength(4);
  });

  it('plans the same import again with the same id: the creates are existing now, the skips keep their reasons (I6)', async () => {
    const { bridge, connectionId, accountKey } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey });
    await bridge.imports.run(plan);
    const again = await bridge.imports.plan({ connectionId, accountKey });
    expect(again.id).toBe(plan.id);
    expect(again.totals).toMatchObject({ create: 0, existing: 4, 'duplicate-email': 1, 'no-email': 1 });
    expect(again.rows.find((row) => row.contactId === '5')).toMatchObject({ reason: 'duplicate-email' });
  });

  it('resumes from the journal file in a new bridge after a lost answer, creating nobody twice', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-import-'));
    const stores = () => createJsonFileStores({ directory, secretKey: Buffer.alloc(32, 1) });
    const first = await setup({ stores: stores() });
    const plan = await first.bridge.imports.plan({
      connectionId: first.connectionId,
      accountKey: first.accountKey,
    });
    // The create happens but its answer is lost, and retries are exhausted: the run stops.
    first.goto.faults.push({ kind: 'lost-answer' }, 1, { method: 'POST' });
    first.goto.faults.push({ kind: 'network' }, 10, { method: 'POST' });
    await expect(first.bridge.imports.run(plan, { batchSize: 10 })).rejects.toMatchObject({
      code: 'NETWORK',
    });
    expect(first.goto.data.accounts[0]?.users).toHaveLength(4);
    first.goto.faults.clear();
    // A new process: new bridge, same files, same GoTo.
    const second = await setup({ stores: stores(), psa: first.psa, goto: first.goto });
    const report = await second.bridge.imports.run(plan);
    expect(report.totals).toEqual({ created: 3, existing: 1, skipped: 4, failed: 0, newlyCreated: 3 });
    expect(first.goto.data.accounts[0]?.users).toHaveLength(4);
  });

  it('keeps two imports apart in one journal', async () => {
    const { bridge, connectionId, accountKey } = await setup();
    const a = await bridge.imports.plan({ connectionId, accountKey, select: ['1'] });
    const b = await bridge.imports.plan({ connectionId, accountKey, select: ['2'] });
    expect(a.id).not.toBe(b.id);
    expect((await bridge.imports.run(a)).totals.created).toBe(1);
    expect((await bridge.imports.run(b)).totals.created).toBe(1);
  });

  it('refuses a plan with a seat shortage unless the app opts in, then fails only what does not fit (I1)', async () => {
    const { bridge, connectionId, accountKey } = await setup({ seats: 2 });
    const plan = await bridge.imports.plan({ connectionId, accountKey, licenseKeys: ['lic-resolve'] });
    expect(plan.seatShortages).toHaveLength(1);
    await expect(bridge.imports.run(plan)).rejects.toMatchObject({ code: 'VALIDATION' });
    const report = await bridge.imports.run(plan, { allowSeatShortage: true });
    expect(report.totals).toMatchObject({ created: 2, failed: 1 });
    expect(report.rows.find((row) => row.outcome === 'failed')).toMatchObject({
      code: 'CONFLICT',
      retryable: true,
    });
  });
});

describe('hostile contacts (SPEC I6): one bad record never stops the rest', () => {
  it('skips emails with a NUL or a lone surrogate at planning, and imports the rest of the company on a JSON-file journal', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-hostile-'));
    const hostile: Contact[] = [
      contact('h1', 'nul\u0000@acme.example'),
      contact('h2', 'lone\ud800@acme.example'),
      contact('h3', '"quoted\u0000local"@acme.example'),
      contact('h4', 'fine@acme.example', { firstName: 'Ann\u0000e', lastName: 'Lone\udc00' }),
      contact('h5', 'also.fine@acme.example'),
    ];
    const psa = createMemoryPsa({
      pageSize: 2,
      data: { companies: [{ id: '10', name: 'Acme' }], contacts: hostile },
    });
    const stores = createJsonFileStores({ directory, secretKey: new Uint8Array(32).fill(7) });
    const { bridge, connectionId, accountKey, goto } = await setup({ psa, stores });
    const plan = await bridge.imports.plan({ connectionId, accountKey });
    expect(plan.rows.map((row) => [row.contactId, row.action, row.reason])).toEqual([
      ['h1', 'skip', 'invalid-email'],
      ['h2', 'skip', 'invalid-email'],
      ['h3', 'skip', 'invalid-email'],
      ['h4', 'create', 'new'],
      ['h5', 'create', 'new'],
    ]);
    expect(plan.rows[0]?.invalidEmail).toBe('nul\ufffd@acme.example');
    expect(plan.rows[3]).toMatchObject({ firstName: 'Ann\ufffde', lastName: 'Lone\ufffd' });
    const report = await bridge.imports.run(plan);
    expect(report.totals).toMatchObject({ created: 2, skipped: 3, failed: 0 });
    const emails = goto.data.accounts[0]?.users.map((user) => user.email);
    expect(emails).toEqual(expect.arrayContaining(['fine@acme.example', 'also.fine@acme.example']));
  });
});

describe('a plan after its run and its connection (imports.report, SPEC C6)', () => {
  it('reads what the runs did without sending anything; rows no run reached are not-run', async () => {
    const { bridge, connectionId, accountKey, goto } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey });
    const before = await bridge.imports.report(plan);
    expect(before.rows.filter((row) => row.reason === 'not-run')).toHaveLength(plan.rows.length);
    expect(goto.data.accounts[0]?.users).toHaveLength(1);
    const abort = new AbortController();
    await expect(
      bridge.imports.run(plan, {
        batchSize: 1,
        signal: abort.signal,
        onProgress: ({ totals }) => {
          if (totals.created >= 1) abort.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    const after = await bridge.imports.report(plan);
    expect(after.totals.created).toBe(1);
    expect(after.rows.filter((row) => row.reason === 'not-run')).toHaveLength(2);
    expect(goto.data.accounts[0]?.users).toHaveLength(2);
    // The next run still reports that creation as new: reading was not delivering.
    const next = await bridge.imports.run(plan);
    expect(next.totals).toMatchObject({ created: 3, newlyCreated: 3 });
    await expect(bridge.imports.report({ ...plan, accountKey: 'other' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('refuses to run a plan whose connection was deleted, before anything is sent', async () => {
    const { bridge, connectionId, accountKey, goto } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey });
    await bridge.connections.delete(connectionId);
    await expect(bridge.imports.run(plan)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { connectionId, reason: 'connection-deleted' },
    });
    expect(goto.data.accounts[0]?.users).toHaveLength(1);
  });
});

describe('helpdesk end users (SPEC E1-E6)', () => {
  it('provisions strong end users as license-less members with the welcome email (E4, E5)', async () => {
    const { bridge, connectionId, accountKey, goto } = await setup();
    const report = await bridge.endUsers.provisionFromPsa({ connectionId, accountKey, select: ['1', '8'] });
    expect(report.totals.created).toBe(2);
    const created =
      goto.data.accounts[0]?.users.filter((user) => user.email !== 'existing@acme.example') ?? [];
    expect(
      created.every(
        (user) => user.licenseKeys.length === 0 && user.welcomeEmailSent && user.role === 'member',
      ),
    ).toBe(true);
    expect(
      (await bridge.endUsers.provisionFromPsa({ connectionId, accountKey, select: ['1', '8'] })).totals
        .created,
    ).toBe(2);
    expect(goto.data.accounts[0]?.users).toHaveLength(3);
  });

  it('resolves a known address to its strong account and an unknown one to a weak end user (E2, E6)', async () => {
    const { bridge, accountKey } = await setup();
    const strong = await bridge.endUsers.resolveInbound({
      accountKey,
      email: 'Existing@Acme.example',
      channel: 'email',
    });
    expect(strong).toMatchObject({ kind: 'strong', user: { email: 'existing@acme.example' } });
    const weak = await bridge.endUsers.resolveInbound({
      accountKey,
      email: 'clairejohnson@myorg.org',
      channel: 'teams',
    });
    expect(weak).toMatchObject({
      kind: 'weak',
      created: true,
      endUser: {
        firstName: 'Clairejohnson',
        lastName: 'Clairejohnson',
        channel: 'teams',
        nameSource: 'email',
      },
    });
    const again = await bridge.endUsers.resolveInbound({
      accountKey,
      email: 'ClaireJohnson@myorg.org',
      channel: 'email',
    });
    expect(again).toMatchObject({ kind: 'weak', created: false, endUser: { channel: 'teams' } });
    await expect(
      bridge.endUsers.resolveInbound({ accountKey, email: 'nope', channel: 'email' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it("uses the app's naming rule from createBridge for weak end users and nameless contacts (E3)", async () => {
    const nameRule: DisplayNameRule = (address) => ({
      firstName: 'App',
      lastName: address.localPart.toUpperCase(),
    });
    const { bridge, accountKey, connectionId } = await setup({ nameRule });
    const weak = await bridge.endUsers.resolveInbound({
      accountKey,
      email: 'c.johnson@myorg.org',
      channel: 'email',
    });
    expect(weak).toMatchObject({ kind: 'weak', endUser: { firstName: 'App', lastName: 'C.JOHNSON' } });
    const plan = await bridge.imports.plan({ connectionId, accountKey });
    expect(plan.rows.find((row) => row.contactId === '8')).toMatchObject({
      firstName: 'App',
      lastName: 'CLAIRE.JOHNSON',
      nameDerived: true,
    });
    // A rule given with one plan wins over the bridge's.
    const own = await bridge.imports.plan({
      connectionId,
      accountKey,
      nameRule: () => ({ firstName: 'X', lastName: 'Y' }),
    });
    expect(own.rows.find((row) => row.contactId === '8')).toMatchObject({ firstName: 'X', lastName: 'Y' });
  });

  it('promotes a weak end user to a strong one with a corrected name (E4)', async () => {
    const { bridge, accountKey, goto } = await setup();
    const weak = await bridge.endUsers.resolveInbound({
      accountKey,
      email: 'c.johnson@myorg.org',
      channel: 'console-ticket',
    });
    if (weak.kind !== 'weak') throw new Error('expected weak');
    const user = await bridge.endUsers.promote(weak.endUser, accountKey, { firstName: 'Claire' });
    expect(user).toMatchObject({
      email: 'c.johnson@myorg.org',
      firstName: 'Claire',
      lastName: 'Johnson',
      role: 'member',
    });
    expect(await bridge.stores.weakEndUsers.get('c.johnson@myorg.org')).toBeNull();
    expect(
      goto.data.accounts[0]?.users.find((u) => u.email === 'c.johnson@myorg.org')?.welcomeEmailSent,
    ).toBe(true);
    const now = await bridge.endUsers.resolveInbound({
      accountKey,
      email: 'c.johnson@myorg.org',
      channel: 'email',
    });
    expect(now.kind).toBe('strong');
  });
});

describe('run numbers count the app’s runs (RunOptions.continues)', () => {
  it('a run that goes on with an aborted one reports the same run; after a finished run, continues is ignored', async () => {
    const { bridge, connectionId, accountKey } = await setup();
    const plan = await bridge.imports.plan({ connectionId, accountKey, licenseKeys: ['lic-resolve'] });
    const controller = new AbortController();
    // The first attempt stops after its first batch (a job handed back).
    await bridge.imports
      .run(plan, {
        batchSize: 1,
        signal: controller.signal,
        onProgress: ({ done }) => {
          if (done > 5) controller.abort();
        },
      })
      .catch(() => undefined);
    const continued = await bridge.imports.run(plan, { continues: true });
    expect(continued.run).toBe(1);
    expect(
      continued.rows.filter((row) => row.outcome === 'created').every((row) => row.createdInRun === 1),
    ).toBe(true);
    const again = await bridge.imports.run(plan, { continues: true });
    expect(again.run).toBe(2);
  });
});
