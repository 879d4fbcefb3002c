import { connectwise } from '@psa-bridge/connectwise';
import {
  type ConnectWiseFake,
  createConnectWiseFake,
  generateConnectWiseData,
} from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { isPsaBridgeError } from '@psa-bridge/core';
import { assertNoSecrets, collect, createTestClock } from '@psa-bridge/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiOrigin } from '../src/api-origin.js';
import { nextPageUrl } from '../src/link-header.js';
import { toContact } from '../src/map-records.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let fake: ConnectWiseFake;
beforeEach(() => {
  fake = createConnectWiseFake({ companies: 40, seed: 3, privateKey: 'cw-secret-private-key' });
  server.use(...mswHandlers(fake));
});
const provider = connectwise({ pageSize: 10 });
const connect = (changes: Record<string, string> = {}) =>
  provider.connect({ ...fake.credentials, ...changes }, { clock: createTestClock() });
const companyInfoCalls = () => fake.host.stats.byMethod.GET;

describe('credentials (SPEC C3)', () => {
  it('are checked before any request, naming each bad field and no value', async () => {
    const before = fake.host.stats.requests;
    const error = await provider
      .connect({
        site: '',
        companyId: 'a b',
        publicKey: '',
        privateKey: 'TOPSECRET',
        clientId: 'nope',
      } as never)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION' });
    expect((error as Error).message).toMatch(/site.*companyId.*publicKey.*clientId/s);
    expect((error as Error).message).not.toContain('TOPSECRET');
    expect(fake.host.stats.requests).toBe(before);
  });

  it('accept cloud hosts, on-premises hosts and URLs', () => {
    const ok = (site: string) => provider.credentials.safeParse({ ...fake.credentials, site }).success;
    expect(ok('na.myconnectwise.net')).toBe(true);
    expect(ok('cw.example.com:8443')).toBe(true);
    expect(ok('https://cw.example.com')).toBe(true);
    expect(ok('not a host')).toBe(false);
  });
});

describe('discovery', () => {
  it('derives the API host from the site', () => {
    expect(apiOrigin('na.myconnectwise.net')).toBe('https://api-na.myconnectwise.net');
    expect(apiOrigin('aus.myconnectwise.net')).toBe('https://api-aus.myconnectwise.net');
    expect(apiOrigin('api-eu.myconnectwise.net')).toBe('https://api-eu.myconnectwise.net');
    expect(apiOrigin('staging.connectwisedev.com')).toBe('https://api-staging.connectwisedev.com');
    expect(apiOrigin('cw.example.com')).toBe('https://cw.example.com');
    expect(apiOrigin('http://127.0.0.1:8080/anything')).toBe('http://127.0.0.1:8080');
  });

  it('sends nothing on connect, then reads the codebase once from companyinfo', async () => {
    const client = await connect();
    expect(fake.host.stats.requests).toBe(0);
    await client.listCompanyTypes();
    await client.listCompanyStatuses();
    expect(fake.host.stats.requests).toBe(3);
  });

  it('skips discovery when a codebase is configured', async () => {
    const client = await connect({ codebase: 'v2025_1' });
    await client.listCompanyTypes();
    expect(fake.host.stats.requests).toBe(1);
  });

  it('reads the codebase again when a 404 says it moved, and retries once', async () => {
    const client = await connect();
    await client.listCompanyTypes();
    fake.state.codebase = 'v2026_1/';
    const types = await client.listCompanyTypes();
    expect(types.length).toBeGreaterThan(0);
    // types, then after the move: stale 404, companyinfo, types again.
    expect(companyInfoCalls()).toBe(5);
  });

  it('reports an unknown company id as AUTHENTICATION, in words', async () => {
    const client = await connect({ companyId: 'nosuchcompany' });
    const result = await client.testConnection();
    expect(result).toMatchObject({ ok: false, step: 'authenticate', reason: 'AUTHENTICATION' });
    expect(result.ok ? '' : result.message).toContain('does not know the company id "nosuchcompany"');
  });
});

describe('testConnection (SPEC C4)', () => {
  it('passes, with the server version', async () => {
    const result = await (await connect()).testConnection();
    expect(result).toEqual({ ok: true, facts: { serverVersion: 'v2025.1.88001' } });
  });

  it.each([
    ['a wrong private key', { privateKey: 'wrong-private-key' }],
    ['a wrong public key', { publicKey: 'wrong-public-key' }],
    ['a wrong client id', { clientId: '00000000-0000-4000-8000-00000000beef' }],
  ])('fails with AUTHENTICATION for %s', async (_, changes) => {
    const result = await (await connect(changes)).testConnection();
    expect(result).toMatchObject({ ok: false, step: 'authenticate', reason: 'AUTHENTICATION' });
    // In a partner's words: what was refused and what to do, no request line.
    expect(result.ok ? '' : result.message).toMatch(
      /^ConnectWise refused the public and private key or the client id.*Check the credentials/,
    );
    expect(result.ok ? '' : result.message).not.toContain('/system/info');
    assertNoSecrets(result, ['wrong-private-key', 'cw-secret-private-key']);
  });

  it("fails with AUTHENTICATION for cloud's 404 form", async () => {
    fake.state.badAuthAs404 = true;
    const result = await (await connect({ privateKey: 'wrong-private-key' })).testConnection();
    expect(result).toMatchObject({ ok: false, reason: 'AUTHENTICATION' });
    expect(result.ok ? '' : result.message).toContain('404');
  });

  it('fails with PERMISSION when companies cannot be read', async () => {
    fake.state.permissions.companies = false;
    const result = await (await connect()).testConnection();
    expect(result).toMatchObject({ ok: false, step: 'read-companies', reason: 'PERMISSION' });
  });

  it('fails with PERMISSION when contacts cannot be read', async () => {
    fake.state.permissions.contacts = false;
    const result = await (await connect()).testConnection();
    expect(result).toMatchObject({ ok: false, step: 'read-contacts', reason: 'PERMISSION' });
  });

  it('fails with UNREACHABLE for a dead host', async () => {
    server.use(http.all('https://api-dead.myconnectwise.net/*', () => HttpResponse.error()));
    const dead = connectwise({ retry: { retries: 1 } });
    const client = await dead.connect(
      { ...fake.credentials, site: 'dead.myconnectwise.net' },
      { clock: createTestClock() },
    );
    const result = await client.testConnection();
    expect(result).toMatchObject({ ok: false, step: 'reach', reason: 'UNREACHABLE' });
  });
});

describe('companies', () => {
  it('pages through every live company, 1000 at a time, following the Link header', async () => {
    const big = createConnectWiseFake({ companies: 2600, contactsPerCompany: 0, seed: 9 });
    server.use(...mswHandlers(big));
    const client = await connectwise().connect(big.credentials);
    const companies = await collect(client.listCompanies());
    const live = big.data.companies.filter((company) => !company.deletedFlag);
    expect(companies.map((company) => company.id)).toEqual(live.map((company) => String(company.id)));
    // companyinfo plus three pages (the third is short, so no fourth request).
    expect(big.host.stats.requests).toBe(4);
  });

  it('never returns deleted companies, even by id', async () => {
    const deleted = fake.data.companies.find((company) => company.deletedFlag);
    expect(deleted).toBeDefined();
    const client = await connect();
    expect(await client.getCompany(String(deleted?.id))).toBeNull();
    const names = (await collect(client.listCompanies())).map((company) => company.name);
    expect(names).not.toContain(deleted?.name);
  });

  it('refuses non-numeric filter ids with VALIDATION before sending', async () => {
    const client = await connect();
    await expect(collect(client.listCompanies({ statusIds: ['1 or 1=1'] }))).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(await client.getCompany('1 or 1=1')).toBeNull();
  });

  it('filters on several types through childConditions', async () => {
    const client = await connect();
    const companies = await collect(client.listCompanies({ typeIds: ['1', '4'] }));
    const expected = fake.data.companies.filter(
      (company) => !company.deletedFlag && company.types.some((type) => type.id === 1 || type.id === 4),
    );
    expect(companies.map((company) => company.id)).toEqual(expected.map((company) => String(company.id)));
  });
});

describe('contacts', () => {
  it('lists the contacts of one company, with inactive ones left out on request', async () => {
    const company = fake.data.companies[0];
    const client = await connect();
    const all = await collect(client.listContacts(String(company?.id)));
    const expected = fake.data.contacts.filter((contact) => contact.company.id === company?.id);
    expect(all.map((contact) => contact.id)).toEqual(expected.map((contact) => String(contact.id)));
    const active = await collect(client.listContacts(String(company?.id), { activeOnly: true }));
    expect(active.every((contact) => contact.active)).toBe(true);
    expect(active.length).toBe(expected.filter((contact) => !contact.inactiveFlag).length);
  });

  it('chooses the default Email item, else the first, and keeps every email once', () => {
    const item = (value: string, defaultFlag: boolean, communicationType = 'Email') => ({
      value,
      defaultFlag,
      communicationType,
    });
    const base = { id: 1, firstName: ' Ann ', lastName: '', company: { id: 7 }, inactiveFlag: false };
    expect(
      toContact(
        { ...base, communicationItems: [item('a@x.example', false), item('b@x.example', true)] },
        '7',
      ),
    ).toEqual({
      id: '1',
      companyId: '7',
      firstName: 'Ann',
      email: 'b@x.example',
      emails: ['b@x.example', 'a@x.example'],
      active: true,
    });
    const first = toContact(
      {
        ...base,
        communicationItems: [
          item('555', true, 'Phone'),
          item('c@x.example', false),
          item('C@X.example', false),
          { value: 'd@x.example', defaultFlag: false, type: { id: 1, name: 'Email' } },
        ],
      },
      '7',
    );
    expect(first.email).toBe('c@x.example');
    expect(first.emails).toEqual(['c@x.example', 'd@x.example']);
    const none = toContact(
      { ...base, inactiveFlag: true, communicationItems: [item('555', true, 'Phone')] },
      '7',
    );
    expect(none).toMatchObject({ emails: [], active: false });
    expect(none.email).toBeUndefined();
  });

  it('yields nothing, without a request, for an id ConnectWise cannot hold', async () => {
    const client = await connect();
    expect(await collect(client.listContacts('abc'))).toEqual([]);
    expect(fake.host.stats.requests).toBe(0);
  });
});

describe('Link header', () => {
  it('finds rel="next" in navigable and forward-only headers, and nothing on the last page', () => {
    expect(nextPageUrl('<https://h/x?page=2>; rel="next", <https://h/x?page=9>; rel="last"')).toBe(
      'https://h/x?page=2',
    );
    expect(nextPageUrl('<https://h/x?pageId=40>; rel="next"')).toBe('https://h/x?pageId=40');
    expect(
      nextPageUrl('<https://h/x?page=1>; rel="first", <https://h/x?page=8>; rel="prev"'),
    ).toBeUndefined();
    expect(nextPageUrl('')).toBeUndefined();
    expect(nextPageUrl(null)).toBeUndefined();
  });

  it('refuses to follow a next link to another host', async () => {
    server.use(
      http.get('https://api-na.myconnectwise.net/v2025_1/apis/3.0/company/companies', () =>
        HttpResponse.json(
          Array.from({ length: 10 }, (_, i) => ({ id: i + 1, name: `C${i}` })),
          { headers: { link: '<https://evil.example/steal?pageId=10>; rel="next"' } },
        ),
      ),
    );
    const error = await collect((await connect()).listCompanies()).catch((e: unknown) => e);
    expect(isPsaBridgeError(error, 'UPSTREAM')).toBe(true);
  });
});

describe('retries', () => {
  it('waits the Retry-After of a 429 and goes on', async () => {
    const clock = createTestClock();
    const client = await provider.connect(fake.credentials, { clock });
    fake.host.faults.push({ kind: 'status', status: 429, retryAfter: '4' });
    await client.listCompanyTypes();
    expect(clock.sleeps).toContain(4000);
  });

  it('handles a realistic data set the generator makes', () => {
    const data = generateConnectWiseData({ companies: 10, contactsPerCompany: 2, seed: 1 });
    expect(data.companies).toHaveLength(10);
    expect(data.contacts).toHaveLength(20);
    expect(generateConnectWiseData({ companies: 10, seed: 1 })).toEqual(
      generateConnectWiseData({ companies: 10, seed: 1 }),
    );
  });
});
