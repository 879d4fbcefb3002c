import { createBridge } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let world: DemoWorld;
beforeAll(async () => {
  world = await createDemoWorld();
});
afterAll(() => world.close());

describe('createDemoWorld()', () => {
  it('serves the four simulators on loopback with the one listen() shape', () => {
    for (const url of [world.connectwise.url, world.autotask.url, world.halo.url, world.goto.apiBaseUrl]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    }
    expect(world.providers.map((provider) => provider.id)).toEqual(['connectwise', 'datto', 'halo']);
  });

  it('tells one story: found, multiple and none against ConnectWise; a second PSA that finds Initech', async () => {
    const bridge = createBridge({ providers: world.providers, goto: goto(world.goto) });
    const cw = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    });
    const at = await bridge.connections.testAndSave({
      providerId: 'datto',
      product: 'resolve',
      credentials: world.autotask.credentials,
    });
    if (!cw.saved || !at.saved) throw new Error('the demo credentials failed their test');
    const outcomes = async (connectionId: string) => {
      const result: Record<string, string> = {};
      for (const row of (await bridge.mappings.accounts(connectionId)).items) {
        result[row.account.name] = (await bridge.mappings.suggest(connectionId, row.account)).outcome;
      }
      return result;
    };
    expect(await outcomes(cw.connection.id)).toEqual({
      'Acme Corporation': 'found',
      'Globex B.V.': 'multiple',
      'Initech LLC': 'none',
    });
    expect((await outcomes(at.connection.id))['Initech LLC']).toBe('found');
  });

  it('a third PSA, HaloPSA: Acme found, imported once (a second address as primary, the inactive one skipped)', async () => {
    const bridge = createBridge({ providers: world.providers, goto: goto(world.goto) });
    const saved = await bridge.connections.testAndSave({
      providerId: 'halo',
      product: 'rescue',
      credentials: world.halo.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const account = world.gotoFake.account('Acme Corporation');
    if (!account) throw new Error('no Acme in GoTo');
    const suggestion = await bridge.mappings.suggest(saved.connection.id, account);
    expect(suggestion).toMatchObject({ outcome: 'found', company: { name: 'Acme Corporation' } });
    await bridge.mappings.save({
      connectionId: saved.connection.id,
      accountKey: account.key,
      companyId: suggestion.company?.id ?? '',
    });
    const plan = await bridge.imports.plan({ connectionId: saved.connection.id, accountKey: account.key });
    expect(plan.totals).toMatchObject({ create: 9, inactive: 1 });
    expect(plan.rows.find((row) => row.lastName === 'Raman')?.email).toBe('priya.raman@acme-halo.example');
    const before = world.gotoFake.users(account.key).length;
    const first = await bridge.imports.run(plan);
    expect(first.totals.created).toBe(9);
    const again = await bridge.imports.run(
      await bridge.imports.plan({ connectionId: saved.connection.id, accountKey: account.key }),
    );
    expect(again.totals.newlyCreated).toBe(0);
    const emails = world.gotoFake.users(account.key).map((user) => user.email.toLowerCase());
    expect(emails).toHaveLength(before + 9);
    expect(new Set(emails).size).toBe(emails.length);
    // The PSA was only read.
    for (const route of Object.keys(world.halo.fake.host.stats.byRoute)) {
      expect(route).toMatch(/^(GET \/api\/|POST \/auth\/token)/);
    }
  });

  it('holds the contacts an import must report: no name, no email, a bad email, a duplicate, an existing user', () => {
    const acme = world.connectwise.fake.data.contacts.filter((contact) => contact.company?.id === 9001);
    const emails = acme.flatMap((contact) => contact.communicationItems.map((item) => item.value));
    expect(acme.some((contact) => contact.firstName === null && contact.lastName === null)).toBe(true);
    expect(acme.some((contact) => contact.communicationItems.length === 0)).toBe(true);
    expect(emails).toContain('typo.address@@acme.example');
    expect(emails.filter((value) => value.toLowerCase() === 'alice.vermeulen@acme.example')).toHaveLength(2);
    const existing = world.gotoFake.users(world.gotoFake.account('Acme Corporation')?.key ?? '');
    expect(existing.map((user) => user.email)).toContain('dana.scully@acme.example');
    expect(emails).toContain('Dana.Scully@ACME.example');
  });

  it('starts worlds independently: two at once share nothing', async () => {
    const other = await createDemoWorld();
    try {
      expect(other.connectwise.url).not.toBe(world.connectwise.url);
      other.connectwise.fake.data.companies.length = 0;
      expect(world.connectwise.fake.data.companies.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
