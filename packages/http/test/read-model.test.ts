import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, twoTenants, untilDone } from './support.js';

let world: DemoWorld;
beforeAll(async () => {
  world = await createDemoWorld();
});
afterAll(() => world.close());

const vendorRequests = () => world.connectwise.fake.host.stats.requests + world.gotoFake.host.stats.requests;

describe('the mapping column over HTTP (SPEC R2)', () => {
  it('pages, searches, filters and counts from the read model after a refresh run, with no vendor request', async () => {
    const { call } = twoTenants(world);
    const saved = await call('north', 'POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    });
    const connectionId = saved.json.connection.id as string;
    const live = await call('north', 'GET', `/connections/${connectionId}/accounts`);
    expect(live.json.refreshedAt).toBeNull();

    const started = await call('north', 'POST', `/connections/${connectionId}/refreshes`, { mode: 'full' });
    expect(started.status).toBe(202);
    expect(started.json.kind).toBe('refresh');
    expect(started.headers.get('location')).toBe(`/psa-bridge/runs/${started.json.id}`);
    const done = await untilDone(call, 'north', `/runs/${started.json.id}`);
    expect(done.state).toBe('done');
    expect(done.report.companies.mode).toBe('full');

    const before = vendorRequests();
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const query: string = `limit=2&sort=name${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: Json = (await call('north', 'GET', `/connections/${connectionId}/accounts?${query}`)).json;
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.refreshedAt).toBe(done.report.accounts.refreshedAt);
      total = page.counts.all;
      seen.push(...page.items.map((row: Json) => row.account.name as string));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect([...seen]).toEqual(
      [...seen].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true })),
    );
    const acme = (await call('north', 'GET', `/connections/${connectionId}/accounts?q=ACME&filter=unmapped`))
      .json;
    expect(acme.items.map((row: Json) => row.account.name)).toEqual(['Acme Corporation']);
    expect(acme.counts).toMatchObject({ all: 1, unmapped: 1, mapped: 0, needsAttention: 0 });
    const companies = (await call('north', 'GET', `/connections/${connectionId}/companies?name=acme`)).json;
    expect(companies.refreshedAt).toBe(done.report.companies.refreshedAt);
    expect(vendorRequests()).toBe(before);

    // The other partner refreshed nothing: its column is read live, never from north's copy.
    const other = await call('south', 'POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    });
    const south = (await call('south', 'GET', `/connections/${other.json.connection.id}/accounts`)).json;
    expect(south.refreshedAt).toBeNull();
    const foreign = await call('south', 'POST', `/connections/${connectionId}/refreshes`, {});
    expect(foreign.status).toBe(404);
  });

  it('refuses bad query parameters and bodies with 400, naming the field', async () => {
    const { call } = twoTenants(world);
    const saved = await call('north', 'POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    });
    const path = `/connections/${saved.json.connection.id}`;
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['filter=broken', 'filter'],
      ['sort=size', 'sort'],
      ['pageSize=10', 'pageSize'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['cursor=not-a-cursor', 'cursor'],
    ]) {
      const answer = await call('north', 'GET', `${path}/accounts?${query}`);
      expect(answer.status, query).toBe(400);
      expect(JSON.stringify(answer.json), query).toContain(field);
    }
    for (const body of [{ mode: 'sometimes' }, { parts: [] }, { parts: ['users'] }, { tenant: 'south' }]) {
      const answer = await call('north', 'POST', `${path}/refreshes`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
  });
});
