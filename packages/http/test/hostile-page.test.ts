import { createServer, request as nodeRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Bridge, createBridge, createMemoryStores } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createHttpHandler, type HttpHandlerOptions, toNodeHandler } from '@psa-bridge/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Attacks of a hostile page on an app that signs its partners in with a cookie (SPEC H5): the
 * browser sends the cookie with every request to the app, whatever page made it. Each request goes
 * through a real loopback server, with the headers a browser sends.
 */
let world: DemoWorld;
let bridge: Bridge;
let base: string;
let origin: string;
let close: () => Promise<void>;

async function serve(options: Partial<HttpHandlerOptions> = {}) {
  const handler = createHttpHandler({
    // The app's own auth: a session cookie. A hostile page's requests carry it too.
    resolve: (request) =>
      request.headers.get('cookie')?.includes('session=north') ? { tenant: 'north', bridge } : null,
    allowedOrigins: ['https://admin.partner.example'],
    ...options,
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const at = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base: `${at}/psa-bridge`,
    origin: at,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const cookie = { cookie: 'session=north' };
const sameOrigin = () => ({
  ...cookie,
  origin,
  'sec-fetch-site': 'same-origin',
  'content-type': 'application/json',
});
const json = (path: string, method: string, body: unknown, headers: Record<string, string> = sameOrigin()) =>
  fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });

let connectionId: string;
let acmeKey: string;
let planId: string;

beforeAll(async () => {
  world = await createDemoWorld();
  bridge = createBridge({ providers: world.providers, goto: goto(world.goto), stores: createMemoryStores() });
  ({ base, origin, close } = await serve());
  const saved = await (
    await json('/connections', 'POST', {
      providerId: 'connectwise',
      product: 'resolve',
      credentials: world.connectwise.credentials,
    })
  ).json();
  connectionId = saved.connection.id;
  const accounts = (
    await (await fetch(`${base}/connections/${connectionId}/accounts`, { headers: cookie })).json()
  ).items;
  acmeKey = accounts.find((row: { account: { name: string } }) => row.account.name === 'Acme Corporation')
    .account.key;
  const found = await (
    await json(`/connections/${connectionId}/accounts/${acmeKey}/suggest`, 'POST', {})
  ).json();
  await json(`/connections/${connectionId}/mappings/${acmeKey}`, 'PUT', { companyId: found.company.id });
  planId = (await (await json('/imports', 'POST', { connectionId, accountKey: acmeKey })).json()).planId;
});
afterAll(async () => {
  await close();
  await world.close();
});

describe('a hostile page cannot write through a partner’s cookie (H5)', () => {
  it('refuses an empty form post to run a plan, from another site, with and without Fetch Metadata: nobody is created', async () => {
    const before = world.gotoFake.users(acmeKey).length;
    const attempts: Record<string, string>[] = [
      {
        ...cookie,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/x-www-form-urlencoded',
      },
      { ...cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      {
        ...cookie,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/json',
      },
      {
        ...cookie,
        origin: 'https://sub.127.0.0.1.example',
        'sec-fetch-site': 'same-site',
        'content-type': 'text/plain',
      },
      { ...cookie, origin: 'null', 'content-type': 'text/plain' },
    ];
    for (const headers of attempts) {
      const answer = await fetch(`${base}/imports/${planId}/run`, { method: 'POST', headers, body: '' });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect((await answer.json()).error).toMatchObject({
        code: 'PERMISSION',
        details: { reason: 'cross-site' },
      });
    }
    expect(world.gotoFake.users(acmeKey)).toHaveLength(before);
    const auto = await fetch(`${base}/connections/${connectionId}/auto-maps`, {
      method: 'POST',
      headers: { ...cookie, origin: 'https://evil.example', 'content-type': 'text/plain' },
    });
    expect(auto.status).toBe(403);
    expect(
      (await (await fetch(`${base}/connections/${connectionId}/mappings`, { headers: cookie })).json()).items,
    ).toHaveLength(1);
    expect((await (await fetch(`${base}/runs`, { headers: cookie })).json()).items).toEqual([]);
  });

  it('refuses every write that is not JSON, an empty one included, also from the same origin', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ]) {
      const answer = await fetch(`${base}/connections/${connectionId}/auto-maps`, {
        method: 'POST',
        headers: { ...cookie, ...(type ? { 'content-type': type } : {}) },
      });
      expect(answer.status, type).toBe(415);
    }
    const del = await fetch(`${base}/connections/${connectionId}/mappings/${acmeKey}`, {
      method: 'DELETE',
      headers: cookie,
    });
    expect(del.status).toBe(415);
    expect((await (await fetch(`${base}/runs`, { headers: cookie })).json()).items).toEqual([]);
  });

  it('lets an allowed origin write, and reads (GET) from anywhere stay reads', async () => {
    const allowed = await fetch(`${base}/connections/${connectionId}/accounts/${acmeKey}/suggest`, {
      method: 'POST',
      headers: {
        ...cookie,
        origin: 'https://admin.partner.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(allowed.status).toBe(200);
    const read = await fetch(`${base}/connections`, {
      headers: { ...cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(read.status).toBe(200);
  });

  it('refuses an allowedOrigins entry that is not an origin, at start', () => {
    expect(() =>
      createHttpHandler({ resolve: () => null, allowedOrigins: ['https://admin.example/path'] }),
    ).toThrow(/scheme, host and port/);
    expect(() => createHttpHandler({ resolve: () => null, allowedOrigins: ['admin.example'] })).toThrow(
      /not an origin/,
    );
  });
});

describe('bodies and parameters the server did not ask for (H5)', () => {
  it('answers 400 naming each unknown field or parameter, and runs nothing', async () => {
    const cases: [string, string, unknown, string[]][] = [
      [
        'POST',
        `/imports/${planId}/run`,
        { rows: [], licenseKeys: ['x'], accountKey: 'a', plan: {}, seal: 's' },
        ['rows', 'licenseKeys', 'accountKey', 'plan', 'seal'],
      ],
      [
        'POST',
        '/connections',
        { providerId: 'connectwise', product: 'resolve', credentials: {}, tenant: 'south', isAdmin: true },
        ['tenant', 'isAdmin'],
      ],
      [
        'PUT',
        `/connections/${connectionId}/mappings/${acmeKey}`,
        { companyId: '1', tenant: 'south' },
        ['tenant'],
      ],
      ['POST', '/imports', { connectionId, accountKey: acmeKey, tenant: 'south' }, ['tenant']],
      ['POST', `/connections/${connectionId}/auto-maps`, { dryRun: true, filter: {} }, ['filter']],
    ];
    for (const [method, path, body, fields] of cases) {
      const answer = await json(path, method, body);
      const error = (await answer.json()).error;
      expect(answer.status, path).toBe(400);
      expect(error.details.fields, path).toEqual(fields);
      for (const field of fields) expect(error.message).toContain(`"${field}"`);
    }
    const listing = await fetch(`${base}/connections?tenant=south`, { headers: cookie });
    expect(listing.status).toBe(400);
    expect((await listing.json()).error).toMatchObject({ details: { fields: ['tenant'], in: 'query' } });
    const search = await fetch(`${base}/connections/${connectionId}/companies?name=a&tenant=south`, {
      headers: cookie,
    });
    expect((await search.json()).error.details.fields).toEqual(['tenant']);
    expect((await (await fetch(`${base}/runs`, { headers: cookie })).json()).items).toEqual([]);
  });

  it('says what was wrong in the request’s own terms, never the store’s', async () => {
    const answer = await fetch(`${base}/connections/bad%00id`, { headers: cookie });
    expect(answer.status).toBe(400);
    const { error } = await answer.json();
    expect(error.message).toMatch(/^Invalid path: connectionId: holds a control character/);
    expect(error.message).not.toMatch(/stores|argument 1|memory/);
  });

  it('stops reading a chunked body at the limit, not after all of it arrived', async () => {
    const handler = createHttpHandler({ resolve: () => ({ tenant: 'north', bridge }), maxBodyBytes: 4_096 });
    let pulled = 0;
    const chunk = new Uint8Array(1_024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        if (pulled > 16 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const answer = await handler(
      new Request('http://app.test/psa-bridge/connections', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(answer.status).toBe(413);
    // Read up to the limit and a chunk over, plus what the stream had queued: nowhere near 16 MiB.
    expect(pulled).toBeLessThan(64 * 1_024);
  });

  it('answers a huge chunked body over the loopback with 413 before the client finished sending', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${base}/connections`);
      const outgoing = nodeRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...sameOrigin(), 'transfer-encoding': 'chunked' },
        },
        (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          outgoing.destroy();
        },
      );
      outgoing.on('error', () => undefined);
      let sent = 0;
      const more = () => {
        // 16 MiB at most, 64 KiB at a time, waiting for the answer in between.
        if (sent >= 16 * 1024 * 1024 || outgoing.destroyed) return;
        sent += 65_536;
        outgoing.write(Buffer.alloc(65_536, 0x20), () => setImmediate(more));
      };
      more();
      setTimeout(() => reject(new Error('no answer')), 20_000).unref();
    });
    expect(status).toBe(413);
  });
});

describe('errors a client can read right (H5)', () => {
  it('answers 405 with Allow for a method a route does not have, 404 for no route, and no-store everywhere', async () => {
    const wrong = await fetch(`${base}/imports/${planId}`, { method: 'DELETE', headers: sameOrigin() });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const none = await fetch(`${base}/nothing`, { headers: cookie });
    expect(none.status).toBe(404);
    const document = await fetch(`${base}/openapi.json`);
    expect(document.headers.get('cache-control')).toBe('no-store');
    for (const answer of [wrong, none]) expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('tells the app’s own “not signed in” (401) from a vendor refusing our keys (502)', async () => {
    const { PsaBridgeError } = await import('@psa-bridge/core');
    const handler = createHttpHandler({
      resolve: () => {
        throw new PsaBridgeError('AUTHENTICATION', 'Your session ended: sign in again');
      },
    });
    const answer = await handler(new Request('http://app.test/psa-bridge/connections'));
    expect(answer.status).toBe(401);
    expect((await answer.json()).error).toMatchObject({
      code: 'AUTHENTICATION',
      message: 'Your session ended: sign in again',
      details: { source: 'app' },
    });
    const forbidden = createHttpHandler({
      resolve: () => {
        throw new PsaBridgeError('PERMISSION', 'Admins only');
      },
    });
    expect((await forbidden(new Request('http://app.test/psa-bridge/connections'))).status).toBe(403);
  });
});
