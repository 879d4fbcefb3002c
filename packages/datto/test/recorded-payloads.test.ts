/** Recorded Autotask answers (see fixtures/README.md) parse through the adapter, whole. */
import { readFileSync } from 'node:fs';
import type { RecordSkippedEvent } from '@psa-bridge/core';
import { collect, createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const fixture = (name: string): JsonBodyType =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ZONE = 'https://webservices3.autotask.net/ATServicesRest/V1.0';

it.each(['companies-query.recorded.json', 'companies-query-include-fields.recorded.json'])(
  'reads the recorded answer %s, skipping nothing',
  async (name) => {
    server.use(
      http.get('https://webservices.autotask.net/ATServicesRest/V1.0/zoneInformation', () =>
        HttpResponse.json({
          zoneName: 'America East',
          url: 'https://webservices3.autotask.net/ATServicesRest/',
          webUrl: 'https://ww3.autotask.net/',
          ci: 123456,
        }),
      ),
      http.get(`${ZONE}/Companies/entityInformation/fields`, () =>
        HttpResponse.json({
          fields: [
            { name: 'companyType', isPickList: true, picklistValues: [{ value: '1', label: 'Customer' }] },
          ],
        }),
      ),
      http.post(`${ZONE}/Companies/query`, () => HttpResponse.json(fixture(name))),
    );
    const skipped: RecordSkippedEvent[] = [];
    const client = await datto().connect(
      { userName: 'api-user@msp.example', secret: 'secret', integrationCode: 'CODE1' },
      { clock: createTestClock(), hooks: { onRecordSkipped: (event) => skipped.push(event) } },
    );
    const [company] = await collect(client.listCompanies());
    expect(company).toMatchObject({ id: '29683616', name: 'Sirius Cybernetics Corporation' });
    expect(skipped).toEqual([]);
  },
);
