import { createBridge, createMemoryStores, isPsaBridgeError } from '@psa-bridge/core';
import { createMemoryGoto, createTestClock } from '@psa-bridge/core/testing';
import { type AutotaskChangeField, datto } from '@psa-bridge/datto';
import { type AutotaskFake, createAutotaskFake } from '@psa-bridge/datto/fake';
import { mswHandlers } from '@psa-bridge/datto/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Bodies = { url: URL; body: { filter?: unknown[]; IncludeFields?: string[] } }[];

async function setup(
  options: { unqueryable?: AutotaskChangeField[]; changedFields?: AutotaskChangeField[] } = {},
) {
  const fake = createAutotaskFake({ companies: 400, contactsPerCompany: 1, seed: 5, ...options });
  server.use(...mswHandlers(fake));
  // Every query as it left, body included.
  const sent: Bodies = [];
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/Companies/query') || url.pathname.includes('/Companies/query/next')) {
      void request
        .clone()
        .json()
        .then((body) => sent.push({ url, body: body as Bodies[number]['body'] }));
    }
  });
  const bridge = createBridge({
    providers: [
      datto({
        pageSize: 50,
        retry: { retries: 1 },
        ...(options.changedFields ? { changedFields: options.changedFields } : {}),
      }),
    ],
    goto: createMemoryGoto({ accounts: [{ name: 'Acme' }] }).client(),
    stores: createMemoryStores(),
    connectOptions: { clock: createTestClock() },
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'datto',
    product: 'resolve',
    credentials: fake.credentials,
  });
  if (!saved.saved) throw new Error('not saved');
  return { fake, bridge, connectionId: saved.connection.id, sent };
}

function rename(fake: AutotaskFake, count: number, field: AutotaskChangeField) {
  for (const company of fake.data.companies.filter((c) => c.id !== 0).slice(0, count)) {
    company.companyName = `${company.companyName} (renamed)`;
    company[field] = '2099-01-01T00:00:00.000Z';
  }
}

async function renamed(bridge: ReturnType<typeof createBridge>, connectionId: string) {
  const names: string[] = [];
  for await (const company of await bridge.mappings.search(connectionId, { name: '(renamed)' }))
    names.push(company.name);
  return names;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('Autotask companies in the read model (SPEC R1)', () => {
  it.each(['lastActivityDate', 'lastTrackedModifiedDateTime'] as const)(
    'an incremental read filters on the change times and finds a change to %s',
    async (field) => {
      const { fake, bridge, connectionId, sent } = await setup();
      await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
      await settle();
      const full = sent.length;
      expect(full).toBe(Math.ceil((fake.data.companies.length - 1) / 50) + 1); // + the connection test's probe
      rename(fake, 4, field);
      const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'incremental' });
      await settle();
      expect(report.companies?.mode).toBe('incremental');
      expect(sent.length - full).toBe(1);
      const filter = JSON.stringify(sent.at(-1)?.body.filter);
      expect(filter).toContain('"op":"or"');
      expect(filter).toContain('lastActivityDate');
      expect(filter).toContain('lastTrackedModifiedDateTime');
      expect(await renamed(bridge, connectionId)).toHaveLength(4);
    },
  );

  it('falls back to a full read, without retrying, when a change field cannot be filtered on', async () => {
    const { fake, bridge, connectionId, sent } = await setup({
      unqueryable: ['lastTrackedModifiedDateTime'],
    });
    await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
    await settle();
    const before = sent.length;
    rename(fake, 3, 'lastActivityDate');
    const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'incremental' });
    await settle();
    expect(report.companies?.mode).toBe('full');
    expect(sent.length - before).toBe(1 + Math.ceil((fake.data.companies.length - 1) / 50));
    expect(await renamed(bridge, connectionId)).toHaveLength(3);
  });

  it('filters on one field when told to, and then the other field is never asked for', async () => {
    const { fake, bridge, connectionId, sent } = await setup({
      unqueryable: ['lastTrackedModifiedDateTime'],
      changedFields: ['lastActivityDate'],
    });
    await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
    rename(fake, 2, 'lastActivityDate');
    const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'incremental' });
    await settle();
    expect(report.companies?.mode).toBe('incremental');
    expect(JSON.stringify(sent.at(-1)?.body.filter)).not.toContain('lastTrackedModifiedDateTime');
  });

  it('keeps the later change time as modifiedAt, and reconciles by ids alone', async () => {
    const { fake, bridge, connectionId, sent } = await setup();
    const client = await datto({ pageSize: 50 }).connect(fake.credentials, { clock: createTestClock() });
    const first = fake.data.companies.find((c) => c.id !== 0);
    if (!first) throw new Error('no company');
    first.lastTrackedModifiedDateTime = '2030-05-05T10:00:00.000Z';
    const page = await client.listCompanyPage?.({});
    expect(page?.items.find((c) => c.id === String(first.id))?.modifiedAt).toBe('2030-05-05T10:00:00.000Z');

    await bridge.refresh(connectionId, { parts: ['companies'], mode: 'full' });
    fake.data.companies.splice(5, 2); // merged away
    await settle();
    const before = sent.length;
    const report = await bridge.refresh(connectionId, { parts: ['companies'], mode: 'reconcile' });
    await settle();
    expect(report.companies).toMatchObject({ mode: 'reconcile', removed: 2 });
    expect(sent.slice(before).every((entry) => JSON.stringify(entry.body.IncludeFields) === '["id"]')).toBe(
      true,
    );
  });

  it('refuses a kept cursor on another origin, and a bad changedSince, with typed errors', async () => {
    const { fake } = await setup();
    const client = await datto({ pageSize: 50 }).connect(fake.credentials, { clock: createTestClock() });
    const elsewhere = await client
      .listCompanyPage?.({
        cursor: 'https://attacker.example/ATServicesRest/V1.0/Companies/query/next?paging=1',
      })
      .catch((error: unknown) => error);
    expect(isPsaBridgeError(elsewhere, 'UPSTREAM')).toBe(true);
    const badTime = await client
      .listCompanyPage?.({ changedSince: 'yesterday' })
      .catch((error: unknown) => error);
    expect(isPsaBridgeError(badTime, 'VALIDATION')).toBe(true);
  });
});
