import { connectwise } from '@psa-bridge/connectwise';
import { type ConnectWiseFake, createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createBridge } from '@psa-bridge/core';
import { createMemoryGoto, createTestClock, type MemoryGotoAccountSeed } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { psaWrites } from './scenario.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A ConnectWise simulator holding `names` (with websites) as active client companies, ids 501 up. */
function connectWiseWith(names: readonly (readonly [string, string | null])[]): ConnectWiseFake {
  const fake = createConnectWiseFake({ companies: 30, contactsPerCompany: 0, seed: 4 });
  const [active] = fake.data.statuses;
  const [client] = fake.data.types;
  if (!active || !client) throw new Error('simulator seed without statuses or types');
  names.forEach(([name, website], i) => {
    fake.data.companies.push({
      id: 501 + i,
      identifier: `T${i}`,
      name,
      status: { id: active.id, name: active.name },
      types: [{ id: client.id, name: client.name }],
      phoneNumber: '',
      website,
      deletedFlag: false,
      dateDeleted: null,
      _info: {},
    });
  });
  server.use(...mswHandlers(fake));
  return fake;
}

async function bridgeOn(fake: ConnectWiseFake, accounts: readonly MemoryGotoAccountSeed[]) {
  const goto = createMemoryGoto({ accounts });
  const bridge = createBridge({
    providers: [connectwise()],
    goto: goto.client(),
    connectOptions: { clock: createTestClock() },
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: fake.credentials,
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  const keyOf = async (name: string) =>
    (await goto.client().listAccounts()).find((account) => account.name === name)?.key ?? '';
  return { bridge, goto, connectionId: saved.connection.id, keyOf };
}

describe('autoMapAll saves only what is safe, and never overwrites (SPEC M4, M5)', () => {
  const names = [
    ['Stark Industries', 'www.stark.example'],
    ['Northwind Traders', 'https://northwind-traders.example'],
    ['Northwind Health', 'nwhealth.example'],
    ['Contoso Ltd', null],
    ['Contoso Pharmaceuticals', null],
    ['Wayne Enterprises', null],
  ] as const;

  it('saves exact and domain-settled matches, sends partial and multiple to review', async () => {
    const fake = connectWiseWith(names);
    const { bridge, connectionId, keyOf } = await bridgeOn(fake, [
      { name: 'Stark' },
      { name: 'Northwind' },
      { name: 'Northwind Health Care' },
      { name: 'Contoso' },
    ]);
    const report = await bridge.mappings.autoMapAll(connectionId, {
      accountDomains: { [await keyOf('Northwind')]: ['nwhealth.example'] },
    });
    const byName = Object.fromEntries(report.rows.map((row) => [row.account.name, row]));
    expect(byName.Stark).toMatchObject({
      outcome: 'found',
      confidence: 'partial',
      saved: false,
      review: true,
    });
    expect(byName.Northwind).toMatchObject({
      outcome: 'found',
      confidence: 'domain',
      saved: true,
      review: false,
    });
    expect(byName.Northwind?.company?.name).toBe('Northwind Health');
    expect(byName.Contoso).toMatchObject({ outcome: 'found', confidence: 'exact', saved: true });
    expect(byName.Contoso?.company?.name).toBe('Contoso Ltd');
    // "Northwind Health Care" holds no company's words in full: review with the closest names.
    expect(byName['Northwind Health Care']).toMatchObject({ review: true, saved: false });
    expect(report.review.map((row) => row.account.name).sort()).toEqual(['Northwind Health Care', 'Stark']);
    expect(report.totals).toMatchObject({ saved: 2, review: 2, alreadyMapped: 0 });
    expect(psaWrites(fake)).toEqual([]);
  });

  it('saves every found when asked, never overwrites, lists only unmapped accounts, and flags a company mapped twice', async () => {
    const fake = connectWiseWith(names);
    const { bridge, connectionId, keyOf } = await bridgeOn(fake, [
      { name: 'Stark' },
      { name: 'Stark Industries' },
      { name: 'Contoso' },
    ]);
    await bridge.mappings.save({ connectionId, accountKey: await keyOf('Contoso'), companyId: '506' });
    const report = await bridge.mappings.autoMapAll(connectionId, { save: 'found', onlyUnmapped: true });
    expect(report.rows.map((row) => row.account.name)).toEqual(['Stark', 'Stark Industries']);
    expect(report.totals).toMatchObject({ alreadyMapped: 1, saved: 2, shared: 2 });
    for (const row of report.rows) {
      expect(row.company?.name).toBe('Stark Industries');
      expect(row.sharedWith).toHaveLength(1);
    }
    // The mapping made by hand is untouched.
    expect((await bridge.mappings.get(connectionId, await keyOf('Contoso')))?.companyId).toBe('506');
  });

  it('derives domains from GoTo users when asked, leaving the MSP domain out', async () => {
    const fake = connectWiseWith(names);
    const users = (domain: string) => [
      { email: 'admin@msp.example', firstName: 'Ada', lastName: 'Admin' },
      { email: `a@${domain}`, firstName: 'A', lastName: 'A' },
      { email: `b@${domain}`, firstName: 'B', lastName: 'B' },
      { email: 'c@gmail.com', firstName: 'C', lastName: 'C' },
    ];
    const { bridge, connectionId } = await bridgeOn(fake, [
      { name: 'Northwind', users: users('northwind-traders.example') },
      { name: 'Wayne', users: users('wayne.example') },
    ]);
    const report = await bridge.mappings.autoMapAll(connectionId, { domainsFromUsers: true, dryRun: true });
    expect(report.rows[0]).toMatchObject({
      outcome: 'found',
      confidence: 'domain',
      review: false,
      saved: false,
    });
    expect(report.rows[0]?.company?.name).toBe('Northwind Traders');
    const suggestion = await bridge.mappings.suggest(
      connectionId,
      report.rows[0]?.account ?? { key: '', name: '' },
      {
        domainsFromUsers: true,
      },
    );
    expect(suggestion).toMatchObject({ outcome: 'found', confidence: 'domain' });
  });

  it('refuses bad options with VALIDATION naming the field', async () => {
    const fake = connectWiseWith(names);
    const { bridge, connectionId } = await bridgeOn(fake, [{ name: 'Stark' }]);
    await expect(
      bridge.mappings.autoMapAll(connectionId, { save: 'always' as 'safe' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/save/) });
    await expect(
      bridge.mappings.autoMapAll(connectionId, {
        accountDomains: { k: 'acme.example' as unknown as string[] },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/accountDomains/) });
  });
});

describe('mappings.verify reports stale mappings (SPEC M6)', () => {
  it('finds deleted, inactive and renamed companies in ConnectWise, with a suggested re-map', async () => {
    const fake = connectWiseWith([
      ['Acme Corporation', null],
      ['Globex', null],
      ['Initech', null],
      ['Zyqorp', null],
      ['Apex Zyqorp Group', null],
    ]);
    const { bridge, connectionId, keyOf } = await bridgeOn(fake, [
      { name: 'Acme Corporation' },
      { name: 'Globex' },
      { name: 'Initech' },
      { name: 'Zyqorp' },
    ]);
    for (const [name, id] of [
      ['Acme Corporation', '501'],
      ['Globex', '502'],
      ['Initech', '503'],
      ['Zyqorp', '504'],
    ] as const) {
      await bridge.mappings.save({ connectionId, accountKey: await keyOf(name), companyId: id });
    }
    const inactive = fake.data.statuses.find((status) => status.inactiveFlag);
    if (!inactive) throw new Error('simulator seed without an inactive status');
    const company = (id: number) => fake.data.companies.find((candidate) => candidate.id === id);
    const acme = company(501);
    const globex = company(502);
    const umbrella = company(504);
    if (!acme || !globex || !umbrella) throw new Error('test companies missing');
    acme.name = 'Acme Holdings'; // renamed
    globex.deletedFlag = true; // deleted (ConnectWise deletes softly)
    umbrella.status = { id: inactive.id, name: inactive.name }; // inactive
    const before = fake.host.stats.requests;
    const report = await bridge.mappings.verify(connectionId);
    const requests = fake.host.stats.requests - before;
    expect(report).toMatchObject({ checked: 4, healthy: 1 });
    const problems = Object.fromEntries(report.issues.map((issue) => [issue.mapping.companyName, issue]));
    expect(problems['Acme Corporation']).toMatchObject({
      problem: 'renamed',
      company: { name: 'Acme Holdings' },
    });
    expect(problems['Acme Corporation']?.message).toBe('Acme Corporation (#501) is now called Acme Holdings');
    expect(problems.Globex).toMatchObject({ problem: 'deleted' });
    expect(problems.Globex?.company).toBeUndefined();
    expect(problems.Zyqorp).toMatchObject({ problem: 'inactive' });
    // The suggested re-map for Zyqorp: the active company that holds its name.
    expect(problems.Zyqorp?.suggestion).toMatchObject({
      outcome: 'found',
      company: { name: 'Apex Zyqorp Group' },
    });
    // Statuses, then the companies page by page: not one request per mapping.
    expect(requests).toBeLessThanOrEqual(1 + Math.ceil(report.companiesRead / 1000) + 1);
    expect(psaWrites(fake)).toEqual([]);
  });

  it('finds renamed and deleted companies in Autotask', async () => {
    const fake = createAutotaskFake({ companies: 40, contactsPerCompany: 0, seed: 9 });
    server.use(...mswHandlers(fake));
    const goto = createMemoryGoto({ accounts: [{ name: 'First' }, { name: 'Second' }] });
    const bridge = createBridge({
      providers: [datto()],
      goto: goto.client(),
      connectOptions: { clock: createTestClock() },
    });
    const saved = await bridge.connections.testAndSave({
      providerId: 'datto',
      product: 'resolve',
      credentials: fake.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const [first, second] = await goto.client().listAccounts();
    const live = fake.data.companies.filter((company) => company.isActive && company.id !== 0);
    const [a, b] = live;
    if (!first || !second || !a || !b) throw new Error('seed too small');
    await bridge.mappings.save({
      connectionId: saved.connection.id,
      accountKey: first.key,
      companyId: String(a.id),
    });
    await bridge.mappings.save({
      connectionId: saved.connection.id,
      accountKey: second.key,
      companyId: String(b.id),
    });
    a.companyName = `${a.companyName} Renamed Group`;
    fake.data.companies.splice(fake.data.companies.indexOf(b), 1);
    const report = await bridge.mappings.verify(saved.connection.id);
    expect(report.issues.map((issue) => issue.problem).sort()).toEqual(['deleted', 'renamed']);
    expect(report.healthy).toBe(0);
  });

  it('checks nothing, and asks the PSA nothing, for a connection without mappings', async () => {
    const fake = connectWiseWith([]);
    const { bridge, connectionId } = await bridgeOn(fake, [{ name: 'Acme' }]);
    const before = fake.host.stats.requests;
    expect(await bridge.mappings.verify(connectionId)).toEqual({
      checked: 0,
      healthy: 0,
      issues: [],
      companiesRead: 0,
    });
    expect(fake.host.stats.requests - before).toBe(0);
    await expect(bridge.mappings.verify('no-such-connection')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
