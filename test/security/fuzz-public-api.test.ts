/**
 * No untyped error crosses the public API (SPEC C7 and the error contract): every public entry
 * point of every package is called with arbitrary values (fast-check), against the simulators,
 * and every rejection must satisfy `isPsaBridgeError`. A fixed seed per run is printed by
 * fast-check on failure, so a failure can be replayed.
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createBridge, createMemoryStores, isPsaBridgeError } from '@psa-bridge/core';
import { normalizeEmail, parseEmailAddress } from '@psa-bridge/core/adapter';
import { displayNameFromEmail } from '@psa-bridge/core/email';
import { createJsonFileStores } from '@psa-bridge/core/node';
import { createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { halo } from '@psa-bridge/halo';
import { createHaloFake } from '@psa-bridge/halo/fake';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
const cw = createConnectWiseFake({ companies: 20, contactsPerCompany: 2 });
const at = createAutotaskFake({ companies: 20, contactsPerCompany: 2 });
const gt = createGoToFake();
const ha = createHaloFake({ clients: 20, usersPerClient: 2, rateLimit: null });
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.use(...mswHandlers(cw, at, gt, ha));
});
afterAll(() => server.close());

const transport = { retry: { retries: 0 }, timeoutMs: 2_000 } as const;
const gotoClient = goto({ ...gt.options, ...transport, clock: createTestClock() });
const cwProvider = connectwise(transport);
const atProvider = datto(transport);
const haProvider = halo(transport);
const bridge = createBridge({
  providers: [cwProvider, atProvider, haProvider],
  goto: gotoClient,
  connectOptions: { clock: createTestClock() },
});

/** Arguments: arbitrary values, with a bias towards strings and objects that look almost right. */
const nearly = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.constantFrom('', ' ', '\ud800', 'a@b.c', '"q"@x.org', '1', '-1', '0', 'connectwise'),
  fc.record({
    providerId: fc.constantFrom('connectwise', 'datto', 'halo', 'x'),
    product: fc.string(),
    credentials: fc.anything(),
  }),
  fc.record({
    connectionId: fc.string(),
    accountKey: fc.string(),
    companyId: fc.string(),
    licenseKeys: fc.anything(),
  }),
  fc.record({ name: fc.string(), statusIds: fc.anything(), typeIds: fc.anything() }),
);
const args = fc.array(nearly, { maxLength: 4 });

/** Runs `call` with `values`, draining an async iterable, and returns what it threw, if anything. */
async function thrownBy(call: (...values: unknown[]) => unknown, values: unknown[]): Promise<unknown> {
  try {
    await drain(call(...values));
    return undefined;
  } catch (error) {
    return error;
  }
}

function entryPoints(): Record<string, (...values: unknown[]) => unknown> {
  const psaClient = async (
    provider: { connect(credentials: never): Promise<unknown> },
    credentials: unknown,
  ) => provider.connect(credentials as never) as Promise<Record<string, unknown>>;
  return {
    createBridge: (...v) => createBridge(v[0] as never),
    displayNameFromEmail: (...v) => displayNameFromEmail(v[0] as never, v[1] as never),
    parseEmailAddress: (...v) => parseEmailAddress(v[0] as never),
    normalizeEmail: (...v) => normalizeEmail(v[0] as never),
    createMemoryStores: () => createMemoryStores(),
    createJsonFileStores: (...v) => createJsonFileStores(v[0] as never),
    connectwise: (...v) => connectwise(v[0] as never),
    datto: (...v) => datto(v[0] as never),
    halo: (...v) => halo(v[0] as never),
    goto: (...v) => goto(v[0] as never),
    'connectwise().connect': (...v) => cwProvider.connect(v[0] as never),
    'datto().connect': (...v) => atProvider.connect(v[0] as never),
    'halo().connect': (...v) => haProvider.connect(v[0] as never),
    ...Object.fromEntries(
      (
        [
          'testConnection',
          'searchCompanies',
          'listCompanies',
          'getCompany',
          'listCompanyStatuses',
          'listCompanyTypes',
          'listContacts',
        ] as const
      ).flatMap((method) => [
        [
          `ConnectWise client.${method}`,
          async (...v: unknown[]) => {
            const client = await psaClient(cwProvider, cw.credentials);
            return drain((client[method] as (...a: unknown[]) => unknown)(...v));
          },
        ],
        [
          `Autotask client.${method}`,
          async (...v: unknown[]) => {
            const client = await psaClient(atProvider, at.credentials);
            return drain((client[method] as (...a: unknown[]) => unknown)(...v));
          },
        ],
        [
          `Halo client.${method}`,
          async (...v: unknown[]) => {
            const client = await psaClient(haProvider, ha.credentials);
            return drain((client[method] as (...a: unknown[]) => unknown)(...v));
          },
        ],
      ]),
    ),
    ...Object.fromEntries(
      (
        [
          'listAccounts',
          'listLicenses',
          'listUsers',
          'findUsersByEmail',
          'createUsers',
          'assignLicenses',
        ] as const
      ).map((method) => [
        `GoTo client.${method}`,
        (...v: unknown[]) => (gotoClient[method] as (...a: unknown[]) => unknown)(...v),
      ]),
    ),
    ...Object.fromEntries(serviceEntries('connections', bridge.connections)),
    ...Object.fromEntries(serviceEntries('mappings', bridge.mappings)),
    ...Object.fromEntries(serviceEntries('imports', bridge.imports)),
    ...Object.fromEntries(serviceEntries('endUsers', bridge.endUsers)),
  };
}

/** Awaits a promise, or reads up to 50 items of an async iterable. */
async function drain(value: unknown): Promise<unknown> {
  const result = await value;
  if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    let count = 0;
    for await (const _ of result as AsyncIterable<unknown>) if (++count > 50) break;
    return undefined;
  }
  return result;
}

function serviceEntries(name: string, service: object): [string, (...v: unknown[]) => unknown][] {
  return Object.entries(service)
    .filter(([, value]) => typeof value === 'function')
    .map(([method, fn]) => [
      `bridge.${name}.${method}`,
      (...v: unknown[]) => (fn as (...a: unknown[]) => unknown)(...v),
    ]);
}

describe('every public entry point rejects only with typed errors', () => {
  const entries = entryPoints();
  it.each(Object.keys(entries))('%s', async (name) => {
    const call = entries[name] as (...values: unknown[]) => unknown;
    await fc.assert(
      fc.asyncProperty(args, async (values) => {
        const error = await thrownBy(call, values);
        if (error !== undefined) {
          expect(isPsaBridgeError(error), `${name} threw ${String(error)}`).toBe(true);
          expect((error as { code: string }).code).not.toBe('INTERNAL');
        }
      }),
      { numRuns: 40, seed: 20261123 },
    );
  });
});
