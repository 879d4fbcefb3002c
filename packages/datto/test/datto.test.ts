import { assertNoSecrets, collect, createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { type AutotaskFake, createAutotaskFake } from '@psa-bridge/datto/fake';
import { mswHandlers } from '@psa-bridge/datto/fake/msw';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toContact } from '../src/map-records.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The zone the lookup points at: a numbered host, not the discovery host, as real zones are. */
const BASE = 'https://webservices5.autotask.net/ATServicesRest/V1.0';
let fake: AutotaskFake;
beforeEach(() => {
  fake = createAutotaskFake({ companies: 30, contactsPerCompany: 3, seed: 4, secret: 'at-secret-value' });
  server.use(...mswHandlers(fake));
});
const provider = () => datto({ retry: { retries: 2 } });
const connect = (changes: Record<string, string> = {}, p = provider()) =>
  p.connect({ ...fake.credentials, ...changes }, { clock: createTestClock() });
const headers = () => ({
  ApiIntegrationCode: fake.credentials.integrationCode,
  UserName: fake.credentials.userName,
  Secret: fake.credentials.secret,
  'content-type': 'application/json',
});

describe('credentials (SPEC C3)', () => {
  it('are checked before any request, naming fields and never values', async () => {
    const error = await datto()
      .connect({ userName: 'not-an-email', secret: '', integrationCode: 'bad code!' } as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION' });
    expect((error as Error).message).toMatch(/userName.*secret.*integrationCode/s);
    expect(fake.host.stats.requests).toBe(0);
  });
});

describe('zone discovery', () => {
  it('looks the zone up once per user name, and sends nothing on connect', async () => {
    const shared = provider();
    const first = await connect({}, shared);
    expect(fake.host.stats.requests).toBe(0);
    await first.listCompanyTypes();
    const second = await connect({}, shared);
    await second.listCompanyTypes();
    const lookups = fake.host.stats.byMethod.GET ?? 0;
    // zone once, then the picklist for each client.
    expect(lookups).toBe(3);
  });

  it('skips the lookup when the zone URL is given', async () => {
    const client = await connect({ zoneUrl: 'https://webservices.autotask.net/ATServicesRest/' });
    await client.listCompanyTypes();
    expect(fake.host.stats.requests).toBe(1);
  });

  it('reports an unknown API user as AUTHENTICATION, in words', async () => {
    const result = await (await connect({ userName: 'nobody@msp.example' })).testConnection();
    expect(result).toMatchObject({ ok: false, step: 'authenticate', reason: 'AUTHENTICATION' });
    expect(result.ok ? '' : result.message).toContain('does not know the API user');
  });
});

describe('testConnection (SPEC C4)', () => {
  it('passes and reports the hourly request usage', async () => {
    const result = await (await connect()).testConnection();
    expect(result).toMatchObject({ ok: true, facts: { requestLimit: 10_000 } });
    expect(result.ok && result.facts.requestsUsed).toBeGreaterThan(0);
  });

  it.each([
    ['a wrong secret (401)', { secret: 'wrong-secret-value' }],
    ['an unknown integration code (500)', { integrationCode: 'WRONGCODE' }],
  ])('fails with AUTHENTICATION for %s, without retrying', async (_, changes) => {
    const result = await (await connect(changes)).testConnection();
    expect(result).toMatchObject({ ok: false, step: 'authenticate', reason: 'AUTHENTICATION' });
    expect(fake.host.stats.authFailures).toBe(1);
    // In a partner's words: what was refused and what to do, no request line.
    expect(result.ok ? '' : result.message).toMatch(
      /^Autotask refused the API user's secret or the integration code/,
    );
    expect(result.ok ? '' : result.message).not.toContain('ATServicesRest');
    assertNoSecrets(result, ['wrong-secret-value', 'at-secret-value']);
  });

  it('fails with PERMISSION per step when companies or contacts cannot be read', async () => {
    fake.state.permissions.contacts = false;
    expect(await (await connect()).testConnection()).toMatchObject({
      ok: false,
      step: 'read-contacts',
      reason: 'PERMISSION',
    });
    fake.state.permissions.companies = false;
    expect(await (await connect()).testConnection()).toMatchObject({
      ok: false,
      step: 'read-companies',
      reason: 'PERMISSION',
    });
  });

  it('fails with UNREACHABLE for a dead host', async () => {
    server.use(http.all('https://webservices99.autotask.net/*', () => HttpResponse.error()));
    const client = await connect({ zoneUrl: 'https://webservices99.autotask.net/ATServicesRest/' });
    expect(await client.testConnection()).toMatchObject({ ok: false, reason: 'UNREACHABLE' });
  });
});

describe('companies', () => {
  it('never returns company 0, the MSP itself', async () => {
    const client = await connect();
    const companies = await collect(client.listCompanies());
    expect(companies.some((company) => company.id === '0')).toBe(false);
    expect(companies).toHaveLength(30);
    expect(await client.getCompany('0')).toBeNull();
    expect(await collect(client.searchCompanies({ name: 'Simulated MSP' }))).toEqual([]);
  });

  it('filters types by the tenant picklist, never by hard-coded numbers', async () => {
    fake.data.companyTypes = [
      { value: '11', label: 'Customer', isDefaultValue: true, sortOrder: 0, isActive: true, isSystem: false },
      {
        value: '12',
        label: 'Reseller',
        isDefaultValue: false,
        sortOrder: 1,
        isActive: true,
        isSystem: false,
      },
    ];
    fake.data.companies.forEach((company, i) => {
      if (company.id !== 0) company.companyType = i % 2 ? 11 : 12;
    });
    const client = await connect();
    const types = await client.listCompanyTypes();
    expect(types).toEqual([
      { id: '11', name: 'Customer' },
      { id: '12', name: 'Reseller' },
    ]);
    const resellers = await collect(client.listCompanies({ typeIds: ['12'] }));
    expect(resellers.length).toBe(15);
    expect(resellers.every((company) => company.types?.[0]?.name === 'Reseller')).toBe(true);
  });

  it('pages at 500 by POSTing the same body to nextPageUrl', async () => {
    const big = createAutotaskFake({ companies: 1_200, contactsPerCompany: 0 });
    server.use(...mswHandlers(big));
    const client = await datto().connect(big.credentials);
    const companies = await collect(client.listCompanies());
    expect(companies.length).toBe(1_200);
    // zone + picklist (GET), then three query pages (POST).
    expect(big.host.stats.byMethod).toEqual({ GET: 2, POST: 3 });
    const answer = await fetch(`${BASE}/Companies/query/next?paging=%7B%7D`, {
      headers: { ...headers(), Secret: big.credentials.secret },
    });
    expect(answer.status).toBe(405);
  });

  it('refuses a nextPageUrl on another origin, and sends no credentials there', async () => {
    let stolen = 0;
    server.use(
      http.post(`${BASE}/Companies/query`, () =>
        HttpResponse.json({
          items: [{ id: 1, companyName: 'A', companyType: 1, isActive: true }],
          pageDetails: {
            count: 1,
            requestCount: 500,
            nextPageUrl: 'https://evil.example/ATServicesRest/V1.0/Companies/query/next',
          },
        }),
      ),
      http.all('https://evil.example/*', () => {
        stolen += 1;
        return HttpResponse.json({});
      }),
    );
    await expect(collect((await connect()).listCompanies())).rejects.toMatchObject({ code: 'UPSTREAM' });
    expect(stolen).toBe(0);
  });

  it('refuses status ids other than active and inactive with VALIDATION', async () => {
    await expect(collect((await connect()).listCompanies({ statusIds: ['1'] }))).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('contacts', () => {
  it('takes emailAddress, then emailAddress2 and emailAddress3, once each; isActive is 1 or 0', () => {
    const base = { id: 1, companyID: 7, firstName: 'Ann', lastName: 'Lee' };
    expect(
      toContact({
        ...base,
        emailAddress: null,
        emailAddress2: 'b@x.example',
        emailAddress3: 'B@X.example',
        isActive: 0,
      }),
    ).toEqual({
      id: '1',
      companyId: '7',
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'b@x.example',
      emails: ['b@x.example'],
      active: false,
    });
    const none = toContact({ ...base, emailAddress: ' ', isActive: 1 });
    expect(none).toMatchObject({ emails: [], active: true });
  });

  it('lists one company’s contacts, active ones on request', async () => {
    const company = fake.data.companies[1];
    const client = await connect();
    const all = await collect(client.listContacts(String(company?.id)));
    const expected = fake.data.contacts.filter((contact) => contact.companyID === company?.id);
    expect(all.map((contact) => contact.id)).toEqual(expected.map((contact) => String(contact.id)));
    const active = await collect(client.listContacts(String(company?.id), { activeOnly: true }));
    expect(active.length).toBe(expected.filter((contact) => contact.isActive === 1).length);
  });
});

describe('throttling', () => {
  it('keeps at most 3 requests in flight per endpoint', async () => {
    fake.state.latencyMs = 25;
    const client = await connect();
    const companies = fake.data.companies.filter((company) => company.id !== 0).slice(0, 9);
    await Promise.all(companies.map((company) => collect(client.listContacts(String(company.id)))));
    expect(fake.state.peakInFlight).toBe(3);
    expect(fake.host.stats.faulted).toBe(0);
  });

  it('retries the thread-limit error Itgenatr005, which arrives as a 500', async () => {
    fake.state.latencyMs = 25;
    // Real time here: the simulator's threads are held for real milliseconds.
    const client = await datto({
      maxConcurrentPerEndpoint: 6,
      retry: { retries: 8, minDelayMs: 30 },
    }).connect(fake.credentials);
    const companies = fake.data.companies.filter((company) => company.id !== 0).slice(0, 9);
    const results = await Promise.all(
      companies.map((company) => collect(client.listContacts(String(company.id)))),
    );
    expect(results).toHaveLength(9);
    expect(fake.state.peakInFlight).toBe(3);
  });
});

describe('the simulator', () => {
  it('rejects an empty filter and MaxRecords outside 1 to 500 with 500s', async () => {
    const post = (body: unknown) =>
      fetch(`${BASE}/Companies/query`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    const empty = await post({ filter: [], MaxRecords: 10 });
    expect(empty.status).toBe(500);
    const tooMany = await post({ filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 501 });
    expect(tooMany.status).toBe(500);
    expect(await tooMany.json()).toEqual({ errors: ['maxCountOfRecordsToReturn must be between 1 and 500'] });
    const count = await fetch(`${BASE}/Companies/query/count`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({
        filter: [
          {
            op: 'or',
            items: [
              { op: 'eq', field: 'id', value: 0 },
              { op: 'beginsWith', field: 'companyName', value: 'zzz' },
            ],
          },
        ],
      }),
    });
    expect(await count.json()).toEqual({ queryCount: 1 });
  });
});
