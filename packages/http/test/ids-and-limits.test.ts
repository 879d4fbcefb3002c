import { type Bridge, createBridge, createMemoryStores, type HttpRequestEvent } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createHttpHandler, type HttpJobQueue, type HttpResponseEvent } from '@psa-bridge/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, twoTenants, untilDone } from './support.js';

let world: DemoWorld;
beforeAll(async () => {
  world = await createDemoWorld();
});
afterAll(() => world.close());

const connect = (call: ReturnType<typeof twoTenants>['call'], tenant: string, privateKey?: string) =>
  call(tenant, 'POST', '/connections', {
    providerId: 'connectwise',
    product: 'resolve',
    credentials: { ...world.connectwise.credentials, ...(privateKey ? { privateKey } : {}) },
  });

describe('every answer has a request id (H5)', () => {
  it('sets x-request-id on every answer and in every error body, keeps a proxy’s safe id, and tells the hooks', async () => {
    const responses: HttpResponseEvent[] = [];
    const vendorEvents: HttpRequestEvent[] = [];
    const bridge = createBridge({
      providers: world.providers,
      goto: goto(world.goto),
      stores: createMemoryStores(),
      hooks: { onRequest: (event) => vendorEvents.push(event) },
    });
    const handler = createHttpHandler({
      resolve: (request) => (request.headers.get('x-session') ? { tenant: 'north', bridge } : null),
      onResponse: (event) => responses.push(event),
      maxBodyBytes: 600,
      limits: { connectionTests: { max: 1, perMs: 60_000 } },
    });
    const send = (path: string, init: RequestInit & { session?: boolean } = {}) =>
      handler(
        new Request(`http://app.test/psa-bridge${path}`, {
          ...init,
          headers: {
            ...(init.session === false ? {} : { 'x-session': '1' }),
            ...(init.headers as Record<string, string>),
          },
        }),
      );
    const json = { 'content-type': 'application/json' };
    const answers = [
      await send('/connections'),
      await send('/connections', { session: false }),
      await send('/nothing'),
      await send('/openapi.json'),
      await send('/connections', { method: 'PUT', headers: json, body: '{}' }),
      await send('/connections', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      await send('/connections', { method: 'POST', headers: json, body: '{"x":' }),
      await send('/connections', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ providerId: 'x'.repeat(700) }),
      }),
      await send('/connections', {
        method: 'POST',
        headers: { ...json, origin: 'https://evil.example' },
        body: '{}',
      }),
      await send('/connections?x=1'),
      await send('/connections/nope'),
      await send('/runs/nope/events'),
      await send('/connections', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          providerId: 'connectwise',
          product: 'resolve',
          credentials: world.connectwise.credentials,
        }),
      }),
      await send('/connections', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ providerId: 'connectwise', product: 'resolve', credentials: {} }),
      }),
    ];
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toEqual([200, 401, 404, 200, 405, 415, 400, 413, 403, 400, 404, 404, 201, 429]);
    for (const answer of answers) {
      const id = answer.headers.get('x-request-id');
      expect(id).toMatch(/^req_[0-9a-f-]{36}$/);
      if (answer.status >= 400) expect(((await answer.json()) as Json).error.requestId).toBe(id);
    }
    expect(new Set(answers.map((answer) => answer.headers.get('x-request-id'))).size).toBe(answers.length);
    expect(responses.map((event) => event.status)).toEqual(statuses);
    expect(responses.at(-1)).toMatchObject({
      code: 'RATE_LIMITED',
      tenant: 'north',
      operationId: 'connections.testAndSave',
    });

    // A proxy's id is kept when it is a plain one, and goes into the vendor hooks' context.
    const kept = await send('/connections', { headers: { 'x-request-id': 'edge-7f3a.1' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-7f3a.1');
    const connectionId = (((await (await send('/connections')).json()) as Json).items[0] as Json).id;
    await send(`/connections/${connectionId}/filters`, { headers: { 'x-request-id': 'edge-filters' } });
    expect(vendorEvents.some((event) => event.appRequestId === 'edge-filters')).toBe(true);
    for (const unsafe of ['a b', 'x'.repeat(129), 'id\u0007', '<script>']) {
      const replaced = await send('/connections', { headers: { 'x-request-id': unsafe } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^req_/);
    }
  });
});

describe('the handler’s own routes are limited per tenant (H5)', () => {
  it('lets 10 connection tests a minute reach the PSA, answers the rest 429 with retry-after, and never limits another tenant', async () => {
    const { call } = twoTenants(world);
    const before = world.connectwise.fake.host.stats.authFailures;
    const answers = [];
    for (let i = 0; i < 20; i += 1) answers.push(await connect(call, 'north', `guess-${i}`));
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(10);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited).toHaveLength(10);
    expect(Number(limited[0]?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited[0]?.json.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 'connectionTests' },
    });
    // Only the ten reached the vendor (each wrong key is one refused request there at most per step).
    const reached = world.connectwise.fake.host.stats.authFailures - before;
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThanOrEqual(10);
    expect((await connect(call, 'south')).status).toBe(201);
  });

  it('limits run starts per tenant, and event streams open at once', async () => {
    const { call } = twoTenants(world, { limits: { runStarts: { max: 2, perMs: 60_000 }, streams: 1 } });
    const connectionId = (await connect(call, 'north')).json.connection.id;
    const runs = [];
    for (let i = 0; i < 3; i += 1)
      runs.push(await call('north', 'POST', `/connections/${connectionId}/auto-maps`, { dryRun: true }));
    expect(runs.map((run) => run.status)).toEqual([202, 202, 429]);
    expect(runs[2]?.headers.get('retry-after')).toBeTruthy();
    const local = twoTenants(world, { limits: { streams: 1 } });
    const connection = (await connect(local.call, 'north')).json.connection.id;
    const run = (await local.call('north', 'POST', `/connections/${connection}/auto-maps`, { dryRun: true }))
      .json.id;
    const open = await local.handler(
      new Request(`http://app.test/psa-bridge/runs/${run}/events`, { headers: { 'x-session': 'north' } }),
    );
    expect(open.status).toBe(200);
    await untilDone(local.call, 'north', `/runs/${run}`);
    await open.text();
    // The first stream ended with its run: the tenant may open another.
    const next = await local.handler(
      new Request(`http://app.test/psa-bridge/runs/${run}/events`, { headers: { 'x-session': 'north' } }),
    );
    expect(next.status).toBe(200);
    await next.text();
  });

  it('bounds streams: a second open stream of one tenant is 429, another tenant’s is not', async () => {
    // Runs on a queue that keeps them running until the test says: the streams stay open by
    // construction, not because a run happens to be slow.
    const states = new Map<string, string>();
    const queue: HttpJobQueue = {
      async enqueueImport() {
        throw new Error('not used');
      },
      async enqueueAutoMap({ tenant }) {
        const id = `job-${tenant}`;
        states.set(id, 'running');
        return id;
      },
      async status(_tenant, jobId) {
        const state = states.get(jobId);
        return state ? { state } : null;
      },
      async cancel() {},
    };
    const { call, handler } = twoTenants(world, { limits: { streams: 1 }, jobs: queue });
    const ids: Record<string, string> = {};
    for (const tenant of ['north', 'south']) {
      const saved = await call(tenant, 'POST', '/connections', {
        providerId: 'connectwise',
        product: 'resolve',
        credentials: world.connectwise.credentials,
      });
      ids[tenant] = (
        await call(tenant, 'POST', `/connections/${saved.json.connection.id}/auto-maps`, { dryRun: true })
      ).json.id;
    }
    const stream = (tenant: string) =>
      handler(
        new Request(`http://app.test/psa-bridge/runs/${ids[tenant]}/events`, {
          headers: { 'x-session': tenant },
        }),
      );
    const first = await stream('north');
    const second = await stream('north');
    const other = await stream('south');
    expect([first.status, second.status, other.status]).toEqual([200, 429, 200]);
    for (const id of states.keys()) states.set(id, 'done');
    await Promise.all([first.text(), other.text()]);
    // The first stream ended: its slot is free again.
    expect((await stream('north')).status).toBe(200);
  });
});

describe('runs on a job queue: the run id is the job id, so any process answers for it', () => {
  it('starts, reads from another handler (another process), cancels through the queue, and reports what was created', async () => {
    const bridge: Bridge = createBridge({
      providers: world.providers,
      goto: goto(world.goto),
      stores: createMemoryStores(),
    });
    const jobs = new Map<string, { state: string; plan?: unknown }>();
    const cancels: string[] = [];
    const queue: HttpJobQueue = {
      async enqueueImport({ plan }) {
        const id = `job-${jobs.size + 1}`;
        jobs.set(id, { state: 'queued', plan });
        return id;
      },
      async enqueueAutoMap() {
        const id = `job-${jobs.size + 1}`;
        jobs.set(id, { state: 'running' });
        return id;
      },
      async status(_tenant, jobId) {
        const job = jobs.get(jobId);
        return job ? { state: job.state } : null;
      },
      async cancel(_tenant, jobId) {
        cancels.push(jobId);
        const job = jobs.get(jobId);
        if (job) job.state = 'cancelled';
      },
    };
    const make = () => createHttpHandler({ resolve: () => ({ tenant: 'north', bridge }), jobs: queue });
    const one = make();
    const other = make();
    const call = async (handler: typeof one, method: string, path: string, body?: unknown) => {
      const answer = await handler(
        new Request(`http://app.test/psa-bridge${path}`, {
          method,
          headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      return { status: answer.status, json: (await answer.json()) as Json };
    };
    const saved = await call(one, 'POST', '/connections', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    });
    const connectionId = saved.json.connection.id;
    const accounts = (await call(one, 'GET', `/connections/${connectionId}/accounts`)).json.items as Json[];
    const acme = accounts.find((row) => row.account.name === 'Acme Corporation')?.account;
    const found = await call(one, 'POST', `/connections/${connectionId}/accounts/${acme.key}/suggest`, {});
    await call(one, 'PUT', `/connections/${connectionId}/mappings/${acme.key}`, {
      companyId: found.json.company.id,
    });
    const plan = await call(one, 'POST', '/imports', { connectionId, accountKey: acme.key });
    const started = await call(one, 'POST', `/imports/${plan.json.planId}/run`, {});
    expect(started.json).toMatchObject({ id: 'job-1', state: 'queued', planId: plan.json.planId });
    expect((await call(other, 'GET', '/runs/job-1')).json).toMatchObject({ id: 'job-1', state: 'queued' });
    const cancelled = await call(one, 'POST', '/runs/job-1/cancel');
    expect(cancels).toEqual(['job-1']);
    expect(cancelled.json.state).toBe('cancelled');
    // Nothing ran: the report read from the journal says nobody was created.
    expect(cancelled.json.report.totals.created).toBe(0);
    expect((await call(other, 'POST', '/runs/job-1/cancel')).json.state).toBe('cancelled');
    expect((await call(other, 'GET', '/runs/job-404')).status).toBe(404);
  });
});
