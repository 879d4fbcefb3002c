/** Recorded ConnectWise answers (see fixtures/README.md) parse through the adapter, whole. */
import { readFileSync } from 'node:fs';
import { connectwise } from '@psa-bridge/connectwise';
import type { RecordSkippedEvent } from '@psa-bridge/core';
import { collect, createTestClock } from '@psa-bridge/core/testing';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const fixture = (name: string): JsonBodyType =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const API = 'https://api-na.myconnectwise.net/v2025_1/apis/3.0';
const credentials = {
  site: 'na.myconnectwise.net',
  companyId: 'mymsp',
  publicKey: 'pub',
  privateKey: 'priv',
  clientId: '2f6a3d1e-7b1c-4a8e-9f00-3c2d1b0a9e8f',
};

it('reads the recorded company and contact, skipping nothing', async () => {
  server.use(
    http.get('https://api-na.myconnectwise.net/login/companyinfo/:id', () =>
      HttpResponse.json({ Codebase: 'v2025_1/' }),
    ),
    http.get(`${API}/company/companies`, () => HttpResponse.json(fixture('companies.recorded.json'))),
    http.get(`${API}/company/contacts`, () => HttpResponse.json(fixture('contacts.recorded.json'))),
  );
  const skipped: RecordSkippedEvent[] = [];
  const client = await connectwise().connect(credentials, {
    clock: createTestClock(),
    hooks: { onRecordSkipped: (event) => skipped.push(event) },
  });
  expect(await collect(client.searchCompanies({}))).toEqual([
    {
      id: '2',
      name: 'TestCompany',
      status: { id: '1', name: 'Active' },
      types: [],
      website: 'www.YourCompany.com',
    },
  ]);
  expect(await collect(client.listContacts('12'))).toEqual([
    {
      id: '2',
      companyId: '12',
      firstName: 'Arnie',
      lastName: 'Bellini',
      email: 'Arnie@YourCompany.com',
      emails: ['Arnie@YourCompany.com'],
      active: true,
    },
  ]);
  expect(skipped).toEqual([]);
});
