/**
 * The ConnectWise simulator is as strict as the vendor where the SDK depends on it, and the
 * adapter is tolerant of records the vendor may send: a null reference is absent, and a record
 * it cannot read is skipped and reported, never failing the page.
 */
import { connectwise } from '@psa-bridge/connectwise';
import { type ConnectWiseFake, createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import type { RecordSkippedEvent } from '@psa-bridge/core';
import { collect, createTestClock } from '@psa-bridge/core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let fake: ConnectWiseFake;
beforeEach(() => {
  fake = createConnectWiseFake({ companies: 12, contactsPerCompany: 2, seed: 5 });
  server.use(...mswHandlers(fake));
});

/** Calls the simulator directly, as another client would. */
async function get(path: string): Promise<{ status: number; body: unknown }> {
  const { companyId, publicKey, privateKey, clientId } = fake.credentials;
  const response = await fetch(`https://api-na.myconnectwise.net/v2025_1/apis/3.0${path}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${companyId}+${publicKey}:${privateKey}`).toString('base64')}`,
      clientId,
    },
  });
  return { status: response.status, body: await response.json() };
}

describe('the simulator answers only what was asked, and refuses what the vendor refuses', () => {
  it('fields: only the asked fields come back, nested paths keep part of a reference', async () => {
    const { body } = await get('/company/companies?fields=id,name,status/name&pageSize=3');
    for (const company of body as Record<string, unknown>[]) {
      expect(Object.keys(company).sort()).toEqual(['id', 'name', 'status']);
      expect(Object.keys(company.status as object)).toEqual(['name']);
    }
  });

  it('fields and orderBy naming an unknown field are a 400 with an errors array', async () => {
    for (const path of ['/company/companies?fields=id,nope', '/company/contacts?orderBy=shoeSize%20asc']) {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'InvalidObject', errors: [{ code: 'InvalidField' }] });
    }
  });

  it('orderBy sorts navigable pages', async () => {
    const { body } = await get('/company/companies?orderBy=name%20desc&fields=name&pageSize=100');
    const names = (body as { name: string }[]).map((company) => company.name);
    expect(names).toEqual([...names].sort().reverse());
  });

  it('error bodies carry an errors array, never null', async () => {
    const { status, body } = await get('/company/companies/999999');
    expect(status).toBe(404);
    expect((body as { errors: unknown }).errors).toEqual([]);
  });

  it('records carry the vendor fields the adapter does not read, nulls and _info included', async () => {
    const { body } = await get('/company/companies/250');
    expect(body).toMatchObject({ addressLine2: null, defaultContact: null, _info: expect.any(Object) });
  });
});

describe('the adapter asks for what it reads and tolerates what the vendor may send', () => {
  it('asks for its fields, so a field it forgot to ask for would read as missing', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const fields = new URL(request.url).searchParams.get('fields');
      if (fields) asked.push(fields);
    });
    const client = await connectwise().connect(fake.credentials, { clock: createTestClock() });
    const companies = await collect(client.searchCompanies({}));
    await collect(client.listContacts(companies[0]?.id ?? ''));
    server.events.removeAllListeners();
    expect(asked.some((fields) => fields.split(',').includes('name'))).toBe(true);
    expect(asked.some((fields) => fields.split(',').includes('communicationItems'))).toBe(true);
    expect(companies.every((company) => company.name !== '' && company.status)).toBe(true);
  });

  it('a null reference id is absent, and a malformed record is skipped and reported, not the page', async () => {
    const [first, second, third] = fake.data.companies;
    if (!first || !second || !third) throw new Error('no companies');
    first.status = { id: null as never, name: 'Unknown' };
    second.types = [{ id: null as never, name: 'Gone' }, ...second.types];
    (third as Record<string, unknown>).name = 42;
    fake.data.companies = [...fake.data.companies];
    const skipped: RecordSkippedEvent[] = [];
    const client = await connectwise().connect(fake.credentials, {
      clock: createTestClock(),
      hooks: { onRecordSkipped: (event) => skipped.push(event) },
    });
    const companies = await collect(client.searchCompanies({}));
    expect(companies.find((company) => company.id === String(first.id))?.status).toBeUndefined();
    const secondTypes = companies.find((company) => company.id === String(second.id))?.types ?? [];
    expect(secondTypes.length).toBeGreaterThan(0);
    expect(secondTypes.every((type) => type.id !== 'null')).toBe(true);
    expect(companies.find((company) => company.id === String(third.id))).toBeUndefined();
    expect(skipped).toEqual([
      { service: 'ConnectWise', what: 'company', id: String(third.id), fields: ['name'] },
    ]);
    const live = fake.data.companies.filter((company) => !company.deletedFlag).length;
    expect(companies).toHaveLength(live - 1);
  });
});
