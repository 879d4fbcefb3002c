/**
 * The project's own adversarial suite for SPEC C7 and C8: a sentinel in every secret of all three
 * vendors and in the store key, every failure path an app can meet, and a deep scan of all an
 * app can see (errors down their cause chains, hook events, save results, files on disk). No
 * sentinel may show in any spelling, and nothing may reach a foreign origin.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createBridge, type HttpHooks, isPsaBridgeError } from '@psa-bridge/core';
import { createJsonFileStores } from '@psa-bridge/core/node';
import { collect, createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { goto } from '@psa-bridge/goto';
import { halo } from '@psa-bridge/halo';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { everythingVisible, leakedSentinels } from './scan.js';
import { atCredentials, cwCredentials, gotoAuth, haloCredentials, SENTINELS } from './sentinels.js';
import {
  autotaskHandlers,
  type Captured,
  connectWiseHandlers,
  FAILURES,
  type Failure,
  FOREIGN,
  foreignHandlers,
  foreignZoneHandlers,
  gotoHandlers,
  gotoTokenHandlers,
  haloHandlers,
  haloTokenHandlers,
} from './vendor-doubles.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const transport = { retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 150 } as const;

/** Collects hook events, which an app typically logs. */
function recordingHooks(): { hooks: HttpHooks; events: unknown[] } {
  const events: unknown[] = [];
  return {
    events,
    hooks: {
      onRequest: (e) => events.push(e),
      onResponse: (e) => events.push(e),
      onRetry: (e) => events.push(e),
    },
  };
}

/** Settles `work`, keeping what it resolved or threw; asserts a throw is a psa-bridge error. */
async function outcome(work: () => Promise<unknown>): Promise<unknown> {
  try {
    return await work();
  } catch (error) {
    expect(isPsaBridgeError(error), `untyped error: ${String(error)}`).toBe(true);
    return error;
  }
}

function expectClean(seen: unknown[], captured: Captured[]): void {
  const text = everythingVisible(seen);
  expect(leakedSentinels(text, SENTINELS)).toEqual([]);
  // Nothing reached the foreign origin at all: no redirect, link or zone answer was followed.
  expect(captured).toEqual([]);
}

function gotoClient(hooks?: HttpHooks) {
  return goto({ auth: gotoAuth, ...transport, clock: createTestClock(), ...(hooks ? { hooks } : {}) });
}

describe.each(FAILURES)('a vendor failing as %s', (failure: Failure) => {
  it.each([
    ['connectwise', connectWiseHandlers, () => connectwise(transport), cwCredentials],
    ['datto', autotaskHandlers, () => datto(transport), atCredentials],
    ['halo', haloHandlers, () => halo(transport), haloCredentials],
  ] as const)(
    '%s: no secret in anything the app sees, nothing sent elsewhere',
    async (providerId, handlers, provider, credentials) => {
      const captured: Captured[] = [];
      server.use(...foreignHandlers(captured), ...handlers(failure));
      const { hooks, events } = recordingHooks();
      const connectOptions = { hooks, clock: createTestClock() };
      const bridge = createBridge({ providers: [provider()], goto: gotoClient(), connectOptions });
      const client = await provider().connect(credentials as never, connectOptions);
      const seen = [
        await outcome(() => bridge.connections.testAndSave({ providerId, product: 'resolve', credentials })),
        await outcome(() => collect(client.searchCompanies({ name: 'acme' }))),
        await outcome(() => client.getCompany('1')),
        await outcome(() => collect(client.listContacts('1'))),
        events,
      ];
      expectClean(seen, captured);
    },
  );

  it('GoTo API: no secret or token in anything the app sees, nothing sent elsewhere', async () => {
    const captured: Captured[] = [];
    server.use(...foreignHandlers(captured), ...gotoHandlers(failure));
    const { hooks, events } = recordingHooks();
    const client = gotoClient(hooks);
    const seen = [
      await outcome(() => client.listAccounts()),
      await outcome(() => client.listLicenses('1')),
      await outcome(() => client.findUsersByEmail('1', ['a@example.com'])),
      await outcome(() =>
        client.createUsers('1', [{ email: 'a@example.com', firstName: 'A', lastName: 'B' }], {
          licenseKeys: [],
          sendWelcomeEmail: false,
        }),
      ),
      events,
    ];
    expectClean(seen, captured);
  });

  it('GoTo token endpoint: its Basic header and the form-encoded refresh token stay out of errors', async () => {
    const captured: Captured[] = [];
    server.use(...foreignHandlers(captured), ...gotoTokenHandlers(failure));
    const { hooks, events } = recordingHooks();
    const client = gotoClient(hooks);
    const seen = [await outcome(() => client.listAccounts()), events];
    expectClean(seen, captured);
  });
});

describe.each(FAILURES)('the Halo token endpoint failing as %s', (failure: Failure) => {
  it('its form-encoded client secret stays out of everything the app sees', async () => {
    const captured: Captured[] = [];
    server.use(...foreignHandlers(captured), ...haloTokenHandlers(failure));
    const { hooks, events } = recordingHooks();
    const connectOptions = { hooks, clock: createTestClock() };
    const client = await halo(transport).connect(haloCredentials, connectOptions);
    const bridge = createBridge({ providers: [halo(transport)], goto: gotoClient(), connectOptions });
    const seen = [
      await outcome(() => client.testConnection()),
      await outcome(() => collect(client.listCompanies())),
      await outcome(() =>
        bridge.connections.testAndSave({
          providerId: 'halo',
          product: 'resolve',
          credentials: haloCredentials,
        }),
      ),
      events,
    ];
    expectClean(seen, captured);
  });
});

describe('credentials never leave for another origin (SPEC C8)', () => {
  it('a 307 to another origin sends no credential header there and is a typed error naming the origin', async () => {
    const captured: Captured[] = [];
    server.use(...foreignHandlers(captured), ...autotaskHandlers('redirect-foreign'));
    const client = await datto(transport).connect(atCredentials, { clock: createTestClock() });
    const error = await outcome(() => client.getCompany('1'));
    expect(error).toMatchObject({ code: 'UPSTREAM', status: 307, details: { redirectOrigin: FOREIGN } });
    expect(String((error as Error).message)).not.toContain('steal');
    expect(captured).toEqual([]);
  });

  it('an Autotask zone answer outside autotask.net receives nothing, and says why', async () => {
    const captured: Captured[] = [];
    server.use(...foreignHandlers(captured), ...foreignZoneHandlers());
    const client = await datto(transport).connect(atCredentials, { clock: createTestClock() });
    const error = await outcome(() => client.getCompany('1'));
    expect(error).toMatchObject({ code: 'UPSTREAM', details: { origin: FOREIGN } });
    expect(captured).toEqual([]);
    const bridge = createBridge({ providers: [datto(transport)], goto: gotoClient() });
    const result = await bridge.connections.testAndSave({
      providerId: 'datto',
      product: 'resolve',
      credentials: atCredentials,
    });
    expect(result.saved).toBe(false);
    expect(captured).toEqual([]);
  });

  it('an app can allow a zone origin explicitly', async () => {
    const captured: Captured[] = [];
    server.use(...foreignHandlers(captured), ...foreignZoneHandlers());
    const client = await datto({ ...transport, allowedZoneOrigins: [FOREIGN] }).connect(atCredentials, {
      clock: createTestClock(),
    });
    await outcome(() => collect(client.listContacts('1')));
    expect(captured.length).toBeGreaterThan(0);
  });

  it('plain http goes only to a loopback host, and URLs with user info are refused before anything is sent', async () => {
    const provider = datto();
    for (const zoneUrl of [
      'http://webservices5.autotask.net/ATServicesRest/',
      'https://u:p@webservices5.autotask.net/ATServicesRest/',
    ]) {
      const error = await outcome(() => provider.connect({ ...atCredentials, zoneUrl }));
      expect(error).toMatchObject({ code: 'VALIDATION' });
    }
    for (const site of ['http://cw.example.com', 'https://user:pw@cw.example.com']) {
      const error = await outcome(() => connectwise().connect({ ...cwCredentials, site }));
      expect(error).toMatchObject({ code: 'VALIDATION', details: { fields: ['site'] } });
    }
    expect(() => goto({ auth: gotoAuth, apiBaseUrl: 'http://api.getgo.com/admin/rest/v1' })).toThrow(/https/);
  });
});

describe('values that can never work as headers are refused up front, never echoed (SPEC C3, C7)', () => {
  const unsafe = ['\r\n', '\n', '\u0000', '\u0007', '\u2028', '😀'];
  it.each(unsafe.map((bad) => [JSON.stringify(bad), bad]))(
    'Autotask secret or user name with %s',
    async (_name, bad) => {
      for (const field of ['secret', 'userName'] as const) {
        const value = field === 'secret' ? `${SENTINELS.atSecret}${bad}` : `user${bad}@msp.example`;
        const error = await outcome(() => datto().connect({ ...atCredentials, [field]: value }));
        expect(error).toMatchObject({ code: 'VALIDATION' });
        expect((error as { details: { fields: string[] } }).details.fields).toContain(field);
        expect(leakedSentinels(everythingVisible(error), SENTINELS)).toEqual([]);
      }
    },
  );

  it('a ConnectWise public key holding ":" and GoTo client ids holding ":" are refused', async () => {
    const error = await outcome(() =>
      connectwise().connect({ ...cwCredentials, publicKey: `a:${SENTINELS.cwPublicKey}` }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION', details: { fields: ['publicKey'] } });
    expect(leakedSentinels(everythingVisible(error), SENTINELS)).toEqual([]);
    expect(() => goto({ auth: { ...gotoAuth, clientId: 'a:b' } })).toThrow(/clientId/);
  });

  it('an access token a token endpoint returns with a line break is a RESPONSE_SHAPE error without the token', async () => {
    server.use(...gotoTokenHandlers('newline-token'));
    const error = await outcome(() => gotoClient().listAccounts());
    expect(error).toMatchObject({ code: 'RESPONSE_SHAPE' });
    expect(leakedSentinels(everythingVisible(error), SENTINELS)).toEqual([]);
  });
});

describe('sealed at rest, and nothing readable on disk (SPEC C7)', () => {
  it('saves a connection whose files hold neither the keys nor the store key, in any spelling', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-security-'));
    try {
      const fake = createConnectWiseFake({
        publicKey: SENTINELS.cwPublicKey,
        privateKey: SENTINELS.cwPrivateKey,
      });
      server.use(...mswHandlers(fake));
      const stores = createJsonFileStores({ directory, secretKey: SENTINELS.storeKey });
      const bridge = createBridge({ providers: [connectwise()], goto: gotoClient(), stores });
      const result = await bridge.connections.testAndSave({
        providerId: 'connectwise',
        product: 'resolve',
        credentials: fake.credentials,
      });
      expect(result.saved).toBe(true);
      const files = await readdir(directory);
      expect(files.length).toBeGreaterThan(0);
      const onDisk = (await Promise.all(files.map((file) => readFile(join(directory, file), 'utf8')))).join(
        '\n',
      );
      expect(leakedSentinels(onDisk, SENTINELS)).toEqual([]);
      const listed = await bridge.connections.list();
      expect(leakedSentinels(everythingVisible([result, listed, stores]), SENTINELS)).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('a wrong store key is a STORAGE error that shows neither key', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psa-bridge-security-'));
    try {
      const fake = createConnectWiseFake({
        publicKey: SENTINELS.cwPublicKey,
        privateKey: SENTINELS.cwPrivateKey,
      });
      server.use(...mswHandlers(fake));
      const first = createBridge({
        providers: [connectwise()],
        goto: gotoClient(),
        stores: createJsonFileStores({ directory, secretKey: SENTINELS.storeKey }),
      });
      const saved = await first.connections.testAndSave({
        providerId: 'connectwise',
        product: 'resolve',
        credentials: fake.credentials,
      });
      if (!saved.saved) throw new Error('not saved');
      const otherKey = Buffer.alloc(32, 7).toString('base64');
      const second = createBridge({
        providers: [connectwise()],
        goto: gotoClient(),
        stores: createJsonFileStores({ directory, secretKey: otherKey }),
      });
      const error = await outcome(() => second.connections.client(saved.connection.id));
      expect(error).toMatchObject({ code: 'STORAGE' });
      expect(leakedSentinels(everythingVisible(error), { ...SENTINELS, otherKey })).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('no answer at all: closed port, abort (SPEC C7)', () => {
  it('a closed loopback port is NETWORK, with a summary cause and no secret', async () => {
    server.use(...foreignHandlers([]));
    const client = await connectwise(transport).connect({
      ...cwCredentials,
      site: 'http://127.0.0.1:9',
      codebase: 'v2025_1',
    });
    const error = await outcome(() => client.getCompany('1'));
    expect(error).toMatchObject({ code: 'NETWORK' });
    expect((error as Error).cause).toMatchObject({ name: expect.any(String) });
    expect((error as Error).cause).not.toHaveProperty('request');
    expect(leakedSentinels(everythingVisible(error), SENTINELS)).toEqual([]);
  });

  it('an abort in flight is ABORTED and shows no secret', async () => {
    server.use(...autotaskHandlers('timeout'));
    const controller = new AbortController();
    const client = await datto({ timeoutMs: 5_000 }).connect(atCredentials);
    const pending = outcome(() => collect(client.listContacts('1', { signal: controller.signal })));
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(leakedSentinels(everythingVisible(error), SENTINELS)).toEqual([]);
  });
});
