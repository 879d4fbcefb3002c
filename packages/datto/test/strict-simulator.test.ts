/**
 * The Autotask simulator is as strict as the vendor where the SDK depends on it, and the adapter
 * tolerates records it cannot read: skipped and reported, never failing the page.
 */
import type { RecordSkippedEvent } from '@psa-bridge/core';
import { collect, createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { type AutotaskFake, createAutotaskFake } from '@psa-bridge/datto/fake';
import { mswHandlers } from '@psa-bridge/datto/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ZONE = 'https://webservices5.autotask.net/ATServicesRest/V1.0';
let now = Date.UTC(2026, 0, 1);
let fake: AutotaskFake;
beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  fake = createAutotaskFake({ companies: 10, contactsPerCompany: 2, seed: 8, now: () => now });
  server.use(...mswHandlers(fake));
});

/** POSTs a query straight to the simulator, as another client would. */
async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${ZONE}${path}`, {
    method: 'POST',
    headers: {
      ApiIntegrationCode: fake.credentials.integrationCode,
      UserName: fake.credentials.userName,
      Secret: fake.credentials.secret,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const all = [{ op: 'gte', field: 'id', value: 0 }];

describe('the simulator answers only what was asked, and refuses what the vendor refuses', () => {
  it('IncludeFields: the answer holds the asked fields, id and userDefinedFields, nothing more', async () => {
    const { body } = await post('/Companies/query', {
      filter: all,
      IncludeFields: ['companyName'],
      MaxRecords: 3,
    });
    for (const item of body.items as object[])
      expect(Object.keys(item).sort()).toEqual(['companyName', 'id', 'userDefinedFields']);
  });

  it('an unknown field in IncludeFields or a filter is a 500 with the errors array', async () => {
    for (const body of [
      { filter: all, IncludeFields: ['shoeSize'] },
      { filter: [{ op: 'eq', field: 'shoeSize', value: 1 }] },
    ]) {
      const answer = await post('/Contacts/query', body);
      expect(answer.status).toBe(500);
      expect(answer.body.errors).toEqual([expect.stringMatching(/shoeSize/)]);
    }
  });

  it('values must suit the field: isActive is a boolean on companies and an integer on contacts', async () => {
    expect(
      (await post('/Companies/query', { filter: [{ op: 'eq', field: 'isActive', value: 1 }] })).status,
    ).toBe(500);
    expect(
      (await post('/Contacts/query', { filter: [{ op: 'eq', field: 'isActive', value: true }] })).status,
    ).toBe(500);
    expect(
      (await post('/Companies/query', { filter: [{ op: 'eq', field: 'isActive', value: true }] })).status,
    ).toBe(200);
    expect(
      (await post('/Contacts/query', { filter: [{ op: 'eq', field: 'isActive', value: 1 }] })).status,
    ).toBe(200);
  });

  it('MaxRecords outside 1 to 500 and an empty filter are 500s', async () => {
    expect((await post('/Companies/query', { filter: all, MaxRecords: 501 })).status).toBe(500);
    expect((await post('/Companies/query', { filter: [], MaxRecords: 5 })).status).toBe(500);
  });

  it('the zone is a numbered host other than the discovery host, with a trailing slash', async () => {
    const response = await fetch(
      `https://webservices.autotask.net/ATServicesRest/V1.0/zoneInformation?user=${encodeURIComponent(fake.credentials.userName)}`,
    );
    expect(await response.json()).toMatchObject({ url: 'https://webservices5.autotask.net/ATServicesRest/' });
  });

  it('entityInformation/fields describes companies and contacts, with the classification picklist', async () => {
    const fields = async (entity: string) =>
      (await (
        await fetch(`${ZONE}/${entity}/entityInformation/fields`, {
          headers: {
            ApiIntegrationCode: fake.credentials.integrationCode,
            UserName: fake.credentials.userName,
            Secret: fake.credentials.secret,
          },
        })
      ).json()) as { fields: { name: string; isPickList: boolean; picklistValues?: unknown[] }[] };
    const companies = await fields('Companies');
    expect(
      companies.fields.find((field) => field.name === 'classification')?.picklistValues?.length,
    ).toBeGreaterThan(0);
    expect((await fields('Contacts')).fields.map((field) => field.name)).toContain('emailAddress3');
  });

  it('the hourly budget refuses past its limit, and starts again the next hour', async () => {
    fake.state.hourlyBudget = 2;
    expect((await post('/Companies/query', { filter: all })).status).toBe(200);
    expect((await post('/Companies/query', { filter: all })).status).toBe(200);
    expect((await post('/Companies/query', { filter: all })).status).toBe(429);
    now += 3_600_000;
    expect((await post('/Companies/query', { filter: all })).status).toBe(200);
  });
});

describe('the adapter against the strict simulator', () => {
  it.each(['camel', 'pascal'] as const)(
    'reads company types whatever the field-name casing (%s)',
    async (casing) => {
      fake.state.fieldNameCasing = casing;
      const client = await datto().connect(fake.credentials, { clock: createTestClock() });
      expect((await client.listCompanyTypes()).map((type) => type.name)).toContain('Customer');
    },
  );

  it('a record it cannot read is skipped and reported, never failing the page', async () => {
    const skipped: RecordSkippedEvent[] = [];
    const client = await datto().connect(fake.credentials, {
      clock: createTestClock(),
      hooks: { onRecordSkipped: (event) => skipped.push(event) },
    });
    const [company] = await collect(client.listCompanies());
    const mine = fake.data.contacts.filter((contact) => String(contact.companyID) === company?.id);
    const [first] = mine;
    if (!first) throw new Error('no contact');
    (first as unknown as Record<string, unknown>).firstName = 42;
    const contacts = await collect(client.listContacts(company?.id ?? ''));
    expect(contacts).toHaveLength(mine.length - 1);
    expect(skipped).toEqual([
      { service: 'Autotask', what: 'contact', id: String(first.id), fields: ['firstName'] },
    ]);
  });
});
