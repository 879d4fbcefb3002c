import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoTenants, untilDone } from './support.js';

let world: DemoWorld;
beforeAll(async () => {
  world = await createDemoWorld();
});
afterAll(() => world.close());

describe('the whole flow over @psa-bridge/http, against the demo world', () => {
  it('connects, maps (three outcomes), searches page by page, plans, runs with progress and reports, once', async () => {
    const { call } = twoTenants(world);
    const providers = await call('north', 'GET', '/providers');
    expect(providers.status).toBe(200);
    const cw = providers.json.items.find((provider: { id: string }) => provider.id === 'connectwise');
    expect(cw.fields).toContainEqual(
      expect.objectContaining({ name: 'privateKey', secret: true, required: true }),
    );
    expect(cw.fields).toContainEqual(expect.objectContaining({ name: 'site', secret: false }));
    expect((await call('north', 'GET', '/products')).json.items).toContain('resolve');

    // Test & save: a wrong key is a failed test, saved nowhere; the right one is saved (SPEC C4).
    const credentials = world.connectwise.credentials;
    const wrong = await call('north', 'POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: { ...credentials, privateKey: 'not-the-key' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error).toMatchObject({
      code: 'VALIDATION',
      details: { failure: { reason: 'AUTHENTICATION' } },
    });
    const saved = await call('north', 'POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials,
    });
    expect(saved.status).toBe(201);
    const connectionId = saved.json.connection.id as string;
    expect(saved.headers.get('location')).toBe(`/psa-bridge/connections/${connectionId}`);
    expect((await call('north', 'GET', '/connections')).json.items).toHaveLength(1);

    // The mapping column, and the automatic search's three outcomes (SPEC C5, M1).
    const accounts = (await call('north', 'GET', `/connections/${connectionId}/accounts`)).json.items as {
      account: { key: string; name: string };
      mapping: unknown;
    }[];
    expect(accounts.every((row) => row.mapping === null)).toBe(true);
    const outcomes: Record<string, string> = {};
    for (const { account } of accounts) {
      const suggestion = await call(
        'north',
        'POST',
        `/connections/${connectionId}/accounts/${account.key}/suggest`,
        {},
      );
      outcomes[account.name] = suggestion.json.outcome;
    }
    expect(new Set(Object.values(outcomes))).toEqual(new Set(['found', 'multiple', 'none']));

    // Manual search with the PSA's filters, a page at a time by cursor (SPEC M2).
    const filters = (await call('north', 'GET', `/connections/${connectionId}/filters`)).json;
    const active = filters.statuses.filter((status: { inactive: boolean }) => !status.inactive);
    const first = await call(
      'north',
      'GET',
      `/connections/${connectionId}/companies?pageSize=2&statusIds=${active.map((s: { id: string }) => s.id).join(',')}`,
    );
    expect(first.json.items).toHaveLength(2);
    expect(typeof first.json.cursor).toBe('string');
    const second = await call(
      'north',
      'GET',
      `/connections/${connectionId}/companies?pageSize=2&cursor=${first.json.cursor}&statusIds=${active.map((s: { id: string }) => s.id).join(',')}`,
    );
    expect(second.json.items[0].id).not.toBe(first.json.items[0].id);

    // Save, list, unmap (SPEC M3).
    const acme = accounts.find((row) => row.account.name === 'Acme Corporation')?.account;
    if (!acme) throw new Error('no Acme in the demo world');
    const found = await call(
      'north',
      'POST',
      `/connections/${connectionId}/accounts/${acme.key}/suggest`,
      {},
    );
    const mapped = await call('north', 'PUT', `/connections/${connectionId}/mappings/${acme.key}`, {
      companyId: found.json.company.id,
      source: 'automatic',
    });
    expect(mapped.json).toMatchObject({ accountKey: acme.key, companyId: found.json.company.id });
    expect((await call('north', 'GET', `/connections/${connectionId}/mappings`)).json.items).toHaveLength(1);

    // Licenses, the plan (kept on the server), the run off the request, progress, report (SPEC I1-I6).
    const licenses = (await call('north', 'GET', `/accounts/${acme.key}/licenses`)).json.items;
    const plan = await call('north', 'POST', '/imports', {
      connectionId,
      accountKey: acme.key,
      licenseKeys: [licenses[0].key],
    });
    expect(plan.status).toBe(201);
    expect(plan.json).not.toHaveProperty('seal');
    const planId = plan.json.planId as string;
    const creates = plan.json.rows.filter((row: { action: string }) => row.action === 'create').length;
    expect(creates).toBeGreaterThan(0);
    const started = await call('north', 'POST', `/imports/${planId}/run`, {});
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/psa-bridge/runs/${started.json.id}`);
    const report = await untilDone(call, 'north', `/runs/${started.json.id}`);
    expect(report).toMatchObject({ state: 'done', planId, report: { totals: { created: creates } } });
    // Running it again takes a request that says so, is a new run, and creates nobody twice.
    const replay = await call('north', 'POST', `/imports/${planId}/run`, {});
    expect(replay.status).toBe(409);
    expect(replay.json.error.details).toMatchObject({ planId, runId: started.json.id });
    const rerun = await call('north', 'POST', `/imports/${planId}/run`, { again: true });
    expect(rerun.status).toBe(202);
    expect(rerun.json.id).not.toBe(started.json.id);
    const again = await untilDone(call, 'north', `/runs/${rerun.json.id}`);
    expect(again.report.totals.newlyCreated).toBe(0);
    expect((await call('north', 'GET', `/imports/${planId}`)).json.runs).toEqual([
      started.json.id,
      rerun.json.id,
    ]);

    // Helpdesk end users (SPEC E2, E3).
    const name = await call('north', 'GET', '/end-users/display-name?email=claire.johnson%40myorg.org');
    expect(name.json.displayName).toBe('Claire Johnson');
    const inbound = await call('north', 'POST', '/end-users/resolve', {
      accountKey: acme.key,
      email: 'new.person@acme.example',
    });
    expect(inbound.json).toMatchObject({
      kind: 'weak',
      created: true,
      endUser: { email: 'new.person@acme.example', displayName: 'New Person' },
    });

    // Mapping health, unmap, edit and delete the connection (SPEC M6, M3, C6).
    expect((await call('north', 'GET', `/connections/${connectionId}/mappings-health`)).json.issues).toEqual(
      [],
    );
    const unmapped = await call('north', 'DELETE', `/connections/${connectionId}/mappings/${acme.key}`);
    expect(unmapped.json).toEqual({ deleted: true });
    const renamed = await call('north', 'PATCH', `/connections/${connectionId}`, { label: 'Main PSA' });
    expect(renamed.json).toMatchObject({ saved: true, connection: { label: 'Main PSA' } });
    const rekeyed = await call('north', 'PATCH', `/connections/${connectionId}`, {
      credentials: { privateKey: 'wrong-key' },
    });
    expect(rekeyed.status).toBe(422);
    expect(rekeyed.json.error.details).toMatchObject({ failure: { reason: 'AUTHENTICATION' } });
    expect((await call('north', 'GET', `/connections/${connectionId}`)).json.label).toBe('Main PSA');
    expect((await call('north', 'DELETE', `/connections/${connectionId}`)).json).toMatchObject({
      deleted: true,
    });
    expect((await call('north', 'GET', `/connections/${connectionId}`)).status).toBe(404);
  });

  it('auto-maps off the request and reports every account', async () => {
    const { call } = twoTenants(world);
    const saved = await call('south', 'POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    });
    const run = await call('south', 'POST', `/connections/${saved.json.connection.id}/auto-maps`, {
      dryRun: true,
    });
    expect(run.status).toBe(202);
    expect(run.headers.get('location')).toBe(`/psa-bridge/runs/${run.json.id}`);
    const done = await untilDone(call, 'south', `/runs/${encodeURIComponent(run.json.id)}`);
    expect(done.report.rows.length).toBeGreaterThan(2);
  });

  it('serves an OpenAPI 3.1 document of every route that validates', async () => {
    const { call } = twoTenants(world);
    const document = await call(null, 'GET', '/openapi.json');
    expect(document.json.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document.json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(document.json.paths)).toContain('/psa-bridge/imports/{planId}/run');
  });
});
