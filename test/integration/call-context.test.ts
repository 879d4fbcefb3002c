import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import {
  createBridge,
  createMemoryStores,
  type HttpHooks,
  type HttpRequestEvent,
  type HttpResponseEvent,
  isPsaBridgeError,
} from '@psa-bridge/core';
import { createTestClock } from '@psa-bridge/core/testing';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const cw = createConnectWiseFake({ companies: 8, contactsPerCompany: 1, seed: 5 });
const gt = createGoToFake();
const companyId = String(cw.data.companies[0]?.id);
const server = setupServer(...mswHandlers(cw, gt));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => cw.host.faults.clear());
afterAll(() => server.close());

/** A bridge over stores that belong to one tenant, recording every event. */
async function connected(options: { defaults?: Parameters<typeof createBridge>[0]['defaults'] } = {}) {
  const events: (HttpRequestEvent | HttpResponseEvent)[] = [];
  const retries: HttpRequestEvent[] = [];
  const hooks: HttpHooks = {
    onRequest: (event) => events.push(event),
    onResponse: (event) => events.push(event),
    onRetry: (event) => retries.push(event),
  };
  const bridge = createBridge({
    providers: [connectwise()],
    goto: goto({ ...gt.options, clock: createTestClock() }),
    stores: { ...createMemoryStores(), tenant: 'partner-7' },
    connectOptions: { clock: createTestClock() },
    hooks,
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: cw.credentials,
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  return { bridge, events, retries, connectionId: saved.connection.id };
}

describe('every hook event says whose request it is (provider, connection, tenant, operation)', () => {
  it('names the PSA connection and the tenant on PSA requests, GoTo and the tenant on GoTo requests', async () => {
    const { bridge, events, connectionId } = await connected();
    events.length = 0;
    const [account] = (await bridge.mappings.accounts(connectionId)).items;
    if (!account) throw new Error('no account');
    await bridge.mappings.suggest(connectionId, account.account);

    const psa = events.filter((event) => event.service === 'ConnectWise');
    const gotoEvents = events.filter((event) => event.service === 'GoTo');
    expect(psa.length).toBeGreaterThan(0);
    expect(gotoEvents.length).toBeGreaterThan(0);
    for (const event of psa) {
      expect(event).toMatchObject({ provider: 'connectwise', connectionId, tenant: 'partner-7' });
    }
    expect(psa.some((event) => event.operation === 'psa.searchCompanies')).toBe(true);
    for (const event of gotoEvents) {
      expect(event).toMatchObject({ provider: 'goto', tenant: 'partner-7', operation: 'goto.listAccounts' });
    }
  });

  it('names the connection test as psa.testConnection, before the connection is saved', async () => {
    const { events, connectionId } = await connected();
    const test = events.filter((event) => event.operation === 'psa.testConnection');
    expect(test.length).toBeGreaterThan(0);
    for (const event of test) expect(event.connectionId).toBe(connectionId);
  });

  it('gives each request one id, the same on its request, response and retry events and on its error', async () => {
    const { bridge, events, retries, connectionId } = await connected({
      defaults: { retry: { retries: 1 } },
    });
    events.length = 0;
    cw.host.faults.push({ kind: 'status', status: 503 }, 2, { path: /\/company\/companies\/\d+$/ });
    const client = await bridge.connections.client(connectionId);
    const error = await client.getCompany(companyId).catch((caught: unknown) => caught);
    if (!isPsaBridgeError(error)) throw new Error('expected a PsaBridgeError');
    expect(error.code).toBe('UPSTREAM');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const ofRequest = events.filter((event) => event.requestId === error.requestId);
    // Two attempts, each with a request and a response event; one retry between them.
    expect(ofRequest).toHaveLength(4);
    expect(ofRequest.map((event) => event.attempt)).toEqual([1, 1, 2, 2]);
    expect(retries.map((event) => event.requestId)).toEqual([error.requestId]);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ requestId: error.requestId });
    // Other requests have other ids.
    expect(new Set(events.map((event) => event.requestId)).size).toBe(1);
    await client.getCompany(companyId);
    expect(new Set(events.map((event) => event.requestId)).size).toBe(2);
  });
});

describe('per-call and bridge-wide timeoutMs and retry', () => {
  it('a bridge-wide retry default reaches the PSA adapter, and a call overrides it', async () => {
    const { bridge, connectionId } = await connected({ defaults: { retry: { retries: 0 } } });
    const client = await bridge.connections.client(connectionId);
    cw.host.faults.push({ kind: 'status', status: 503 }, 1, { path: /\/company\/companies\/\d+$/ });
    await expect(client.getCompany(companyId)).rejects.toMatchObject({ code: 'UPSTREAM' });
    cw.host.faults.push({ kind: 'status', status: 503 }, 1, { path: /\/company\/companies\/\d+$/ });
    await expect(client.getCompany(companyId, { retry: { retries: 1 } })).resolves.toMatchObject({
      id: companyId,
    });
  });

  it('a per-call timeoutMs limits each attempt and is named in the TIMEOUT error', async () => {
    const { bridge, connectionId } = await connected({ defaults: { retry: { retries: 0 } } });
    const client = await bridge.connections.client(connectionId);
    cw.host.faults.push({ kind: 'delay', ms: 400 }, 1, { path: /\/company\/companies\/\d+$/ });
    const error = await client.getCompany(companyId, { timeoutMs: 60 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TIMEOUT', details: { timeoutMs: 60 } });
  });

  it('reaches GoTo too: a bridge-wide retry of 0 fails a GoTo call on the first 503', async () => {
    const { bridge } = await connected({ defaults: { retry: { retries: 0 } } });
    gt.host.faults.push({ kind: 'status', status: 503 }, 1, { path: /\/me$/ });
    await expect(bridge.goto.listAccounts()).rejects.toMatchObject({ code: 'UPSTREAM' });
    gt.host.faults.push({ kind: 'status', status: 503 }, 1, { path: /\/me$/ });
    await expect(bridge.goto.listAccounts({ retry: { retries: 2 } })).resolves.not.toHaveLength(0);
  });

  it('refuses bad defaults and bad per-call values with a typed error naming the field', async () => {
    expect(() =>
      createBridge({
        providers: [connectwise()],
        goto: goto({ ...gt.options }),
        defaults: { timeoutMs: -5 },
      }),
    ).toThrow(/defaults\.timeoutMs/);
    const { bridge, connectionId } = await connected();
    const client = await bridge.connections.client(connectionId);
    await expect(client.getCompany(companyId, { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(bridge.goto.listAccounts({ retry: { retries: -1 } })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
