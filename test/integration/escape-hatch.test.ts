import { type Bridge, createBridge, createMemoryStores } from '@psa-bridge/core';
import type { PsaClient } from '@psa-bridge/core/adapter';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * `request()`, the escape hatch for vendor calls the SDK does not model, on every PSA client and
 * on GoTo: the same transport (auth, typed errors, origin pinning), reads only for a PSA.
 */
let world: DemoWorld;
let bridge: Bridge;
const clients = new Map<string, PsaClient>();
beforeAll(async () => {
  world = await createDemoWorld();
  bridge = createBridge({ providers: world.providers, goto: goto(world.goto), stores: createMemoryStores() });
  for (const [providerId, credentials] of [
    ['connectwise', world.connectwise.credentials],
    ['datto', world.autotask.credentials],
    ['halo', world.halo.credentials],
  ] as const) {
    const saved = await bridge.connections.testAndSave({
      providerId,
      product: 'resolve',
      credentials,
    } as never);
    if (!saved.saved) throw new Error(saved.failure.message);
    clients.set(providerId, await bridge.connections.client(saved.connection.id));
  }
});
afterAll(() => world.close());

const reads: Record<string, { path: string; query?: Record<string, string>; schema: z.ZodType }> = {
  connectwise: {
    path: '/company/companies',
    query: { conditions: 'deletedFlag = false', pageSize: '2' },
    schema: z.array(z.looseObject({ id: z.number(), name: z.string() })),
  },
  datto: { path: '/ThresholdInformation', schema: z.looseObject({ externalRequestThreshold: z.number() }) },
  halo: {
    path: '/client',
    query: { pageinate: 'true', page_size: '2', page_no: '1' },
    schema: z.looseObject({ clients: z.array(z.looseObject({ id: z.number(), name: z.string() })) }),
  },
};

describe('request(): vendor calls the SDK does not model', () => {
  it.each(Object.keys(reads))(
    '%s: a read through the client’s own transport, parsed by the app’s schema',
    async (id) => {
      const client = clients.get(id);
      const read = reads[id];
      if (!client?.request || !read) throw new Error(`${id} has no request()`);
      const answer = await client.request(read);
      expect(answer.status).toBe(200);
      expect(read.schema.safeParse(answer.data).success).toBe(true);
      // A schema the answer does not fit: RESPONSE_SHAPE, typed.
      await expect(
        client.request({ path: read.path, ...(read.query ? { query: read.query } : {}), schema: z.string() }),
      ).rejects.toMatchObject({
        code: 'RESPONSE_SHAPE',
      });
    },
  );

  it.each(Object.keys(reads))(
    '%s: never writes, never leaves the vendor’s origin, refuses paths that are not plain',
    async (id) => {
      const client = clients.get(id);
      if (!client?.request) throw new Error(`${id} has no request()`);
      const before = [world.connectwise.fake.host.stats.requests, world.halo.fake.host.stats.requests];
      const bad: [Parameters<NonNullable<PsaClient['request']>>[0], string][] = [
        [{ method: 'POST', path: '/company/companies', body: { name: 'x' } }, 'method'],
        [{ method: 'DELETE', path: '/company/companies/1' }, 'method'],
        [{ path: 'https://evil.example/steal' }, 'path'],
        [{ path: '//evil.example/steal' }, 'path'],
        [{ path: '/../../evil' }, 'path'],
        [{ path: '/%2e%2e/evil' }, 'path'],
        [{ path: '/company?x=1' }, 'path'],
        [{ path: '/company\u0000' }, 'path'],
        [{ path: '/company', body: {} }, 'body'],
      ];
      for (const [request, field] of bad) {
        await expect(client.request(request), JSON.stringify(request)).rejects.toMatchObject({
          code: 'VALIDATION',
          details: { field },
        });
      }
      expect([world.connectwise.fake.host.stats.requests, world.halo.fake.host.stats.requests]).toEqual(
        before,
      );
    },
  );

  it('a vendor refusal is the transport’s typed error, naming no secret', async () => {
    const client = clients.get('connectwise');
    const error = await client
      ?.request?.({ path: '/company/companies/999999' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(error)).not.toContain(world.connectwise.credentials.privateKey);
  });

  it('GoTo: reads and writes of the Admin API through the partner’s client', async () => {
    const acme = world.gotoFake.account('Acme Corporation');
    if (!acme || !bridge.goto.request) throw new Error('no Acme or no request()');
    const me = await bridge.goto.request({ path: '/me' });
    expect(me.status).toBe(200);
    const before = world.gotoFake.users(acme.key).length;
    const created = await bridge.goto.request({
      method: 'POST',
      path: `/accounts/${acme.key}/users`,
      body: {
        users: [{ email: 'hatch@acme.example', firstName: 'Hatch', lastName: 'Door' }],
        licenseKeys: [],
      },
    });
    expect(created.status).toBeLessThan(300);
    expect(world.gotoFake.users(acme.key)).toHaveLength(before + 1);
    await expect(bridge.goto.request({ path: 'https://evil.example/me' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
