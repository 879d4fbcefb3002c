import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { toNodeHandler } from '@psa-bridge/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoTenants, untilDone } from './support.js';

const SENTINEL = 'S3NTINEL-private-key-9f2c';
let world: DemoWorld;
beforeAll(async () => {
  world = await createDemoWorld();
});
afterAll(() => world.close());

/** North connected, Acme mapped and planned: what another tenant will try to reach. */
async function northWithPlan(call: ReturnType<typeof twoTenants>['call'], demo: DemoWorld = world) {
  const saved = await call('north', 'POST', '/connections', {
    providerId: 'connectwise',
    product: 'resolve',
    credentials: demo.connectwise.credentials,
  });
  const connectionId = saved.json.connection.id as string;
  const accounts = (await call('north', 'GET', `/connections/${connectionId}/accounts`)).json.items;
  const acme = accounts.find(
    (row: { account: { name: string } }) => row.account.name === 'Acme Corporation',
  ).account;
  const found = await call('north', 'POST', `/connections/${connectionId}/accounts/${acme.key}/suggest`, {});
  await call('north', 'PUT', `/connections/${connectionId}/mappings/${acme.key}`, {
    companyId: found.json.company.id,
  });
  const plan = await call('north', 'POST', '/imports', { connectionId, accountKey: acme.key });
  return {
    connectionId,
    accountKey: acme.key as string,
    planId: plan.json.planId as string,
    plan: plan.json,
  };
}

describe('tenants come only from the app, and never reach each other', () => {
  it('answers 401 without a tenant, and 404 for every id of another tenant', async () => {
    const { call } = twoTenants(world);
    const { connectionId, accountKey, planId } = await northWithPlan(call);
    const runId = (await call('north', 'POST', `/imports/${planId}/run`, {})).json.id as string;
    await untilDone(call, 'north', `/runs/${runId}`);
    expect((await call(null, 'GET', '/connections')).status).toBe(401);
    // A tenant in the URL or the body means nothing.
    expect((await call(null, 'GET', '/connections?tenant=north')).status).toBe(401);
    const tries: [string, string, unknown?][] = [
      ['GET', `/connections/${connectionId}`],
      ['PATCH', `/connections/${connectionId}`, { label: 'taken over' }],
      ['DELETE', `/connections/${connectionId}`],
      ['GET', `/connections/${connectionId}/accounts`],
      ['POST', `/connections/${connectionId}/accounts/${accountKey}/suggest`, {}],
      ['GET', `/connections/${connectionId}/filters`],
      ['GET', `/connections/${connectionId}/companies?name=acme`],
      ['GET', `/connections/${connectionId}/mappings`],
      ['PUT', `/connections/${connectionId}/mappings/${accountKey}`, { companyId: '1' }],
      ['DELETE', `/connections/${connectionId}/mappings/${accountKey}`],
      ['GET', `/connections/${connectionId}/mappings-health`],
      ['POST', `/connections/${connectionId}/auto-maps`, {}],
      ['POST', `/imports/${planId}/run`, {}],
      ['GET', `/imports/${planId}`],
      ['GET', `/runs/${runId}`],
      ['GET', `/runs/${runId}/events`],
      ['POST', `/runs/${runId}/cancel`],
      ['DELETE', `/runs/${runId}`],
      ['POST', '/imports', { connectionId, accountKey }],
    ];
    for (const [method, path, body] of tries) {
      const answer = await call('south', method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.json.error.code, `${method} ${path}`).toBe('NOT_FOUND');
    }
    // North's data is untouched.
    expect((await call('north', 'GET', `/connections/${connectionId}`)).json.label).not.toBe('taken over');
    expect((await call('north', 'GET', `/connections/${connectionId}/mappings`)).json.items).toHaveLength(1);
  });
});

describe('plans stay on the server', () => {
  it('runs what the server planned: a client cannot send rows, emails or a plan, only a selection of contact ids', async () => {
    const fresh = await createDemoWorld(); // nobody imported yet
    const { call } = twoTenants(fresh);
    const { planId, plan, accountKey } = await northWithPlan(call, fresh);
    const creates = plan.rows.filter((row: { action: string }) => row.action === 'create');
    const [chosen] = creates;
    // A tampered "plan" in the body is not read: only contactIds are, and it is planned again.
    const forged = { ...plan, rows: [{ ...chosen, email: 'attacker@evil.example' }] };
    const refused = await call('north', 'POST', `/imports/${planId}/run`, {
      contactIds: [chosen.contactId],
      plan: forged,
      rows: forged.rows,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details.fields).toEqual(['plan', 'rows']);
    const started = await call('north', 'POST', `/imports/${planId}/run`, { contactIds: [chosen.contactId] });
    expect(started.status).toBe(202);
    const ran = await untilDone(call, 'north', `/runs/${started.json.id}`);
    expect(ran.report.totals.created).toBe(1);
    const emails = fresh.gotoFake.users(accountKey).map((user) => user.email);
    expect(emails).toContain(chosen.email);
    expect(emails).not.toContain('attacker@evil.example');
    // An unknown plan id is not run.
    expect((await call('north', 'POST', '/imports/import-0000/run', {})).status).toBe(404);
    await fresh.close();
  });
});

describe('errors: typed, JSON, secret-free', () => {
  it('never echoes a credential, a stack or a vendor URL with its query, whatever fails', async () => {
    const { call } = twoTenants(world);
    const answers = [
      await call('north', 'POST', '/connections', {
        providerId: 'connectwise',
        product: 'resolve',
        credentials: { ...world.connectwise.credentials, privateKey: SENTINEL },
      }),
      await call('north', 'POST', '/connections', {
        providerId: 'connectwise',
        product: 'resolve',
        credentials: { ...world.connectwise.credentials, privateKey: SENTINEL, clientId: 'not-a-guid' },
      }),
      await call('north', 'POST', '/connections', {
        providerId: 'connectwise',
        product: 'resolv',
        credentials: { privateKey: SENTINEL },
      }),
      await call('north', 'POST', '/connections', {
        providerId: 'nope',
        product: 'resolve',
        credentials: { x: SENTINEL },
      }),
    ];
    for (const answer of answers) {
      expect(answer.text).not.toContain(SENTINEL);
      expect(answer.text).not.toMatch(/at .+\.(ts|js):\d+/);
    }
    expect(answers[0]?.status).toBe(422);
    expect(answers[0]?.json.error).toMatchObject({
      code: 'VALIDATION',
      details: { failure: { reason: 'AUTHENTICATION' } },
    });
    expect(answers[1]?.json.error).toMatchObject({ code: 'VALIDATION' });
    expect(answers[2]?.json.error).toMatchObject({ code: 'VALIDATION', details: { field: 'product' } });
    expect(answers[3]?.json.error).toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses non-JSON writes, bad JSON, oversized bodies and bad fields with typed errors', async () => {
    const { handler, call } = twoTenants(world, { maxBodyBytes: 2_000 });
    const form = await handler(
      new Request('http://app.test/psa-bridge/connections', {
        method: 'POST',
        headers: { 'x-session': 'north', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'providerId=connectwise&product=resolve',
      }),
    );
    expect(form.status).toBe(415);
    const broken = await handler(
      new Request('http://app.test/psa-bridge/connections', {
        method: 'POST',
        headers: { 'x-session': 'north', 'content-type': 'application/json' },
        body: '{"providerId":',
      }),
    );
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    const huge = await call('north', 'POST', '/connections', { providerId: 'x'.repeat(5_000) });
    expect(huge.status).toBe(413);
    const missing = await call('north', 'POST', '/connections', { product: 'resolve' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.fields).toEqual(expect.arrayContaining(['providerId', 'credentials']));
    const badQuery = await call('north', 'GET', '/connections/x/companies?pageSize=0');
    expect(badQuery.json.error).toMatchObject({ code: 'VALIDATION', details: { fields: ['pageSize'] } });
    expect((await call('north', 'GET', '/nothing-here')).status).toBe(404);
  });
});

describe('progress as Server-Sent Events, mounted in a real loopback server', () => {
  it('streams progress to done, over Node http through toNodeHandler', async () => {
    const { handler, call } = twoTenants(world);
    const { planId } = await northWithPlan(call);
    const server = createServer(toNodeHandler(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/psa-bridge`;
    try {
      const headers = { 'x-session': 'north', 'content-type': 'application/json' };
      const start = await fetch(`${base}/imports/${planId}/run`, { method: 'POST', headers, body: '{}' });
      expect(start.status).toBe(202);
      const events = await fetch(
        `${base}${start.headers.get('location')?.replace('/psa-bridge', '')}/events`,
        { headers },
      );
      expect(events.headers.get('content-type')).toContain('text/event-stream');
      const text = await events.text(); // the stream ends after `done`
      const names = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
      expect(names.at(-1)).toBe('done');
      const last = text.trim().split('\n').at(-1) ?? '';
      expect(JSON.parse(last.replace(/^data: /, ''))).toMatchObject({
        state: 'done',
        report: { totals: {} },
      });
      // The same handler answers plain JSON routes over the loopback too.
      const listed = await fetch(`${base}/connections`, { headers });
      expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
