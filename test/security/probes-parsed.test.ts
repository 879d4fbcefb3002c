/**
 * A connection test parses every probe answer with the adapter's schemas (SPEC C4): an answer
 * that is not a page of companies or contacts fails the test with UNEXPECTED_RESPONSE and saves
 * nothing, even when authentication worked.
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge } from '@psa-bridge/core';
import { createTestClock } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { goto } from '@psa-bridge/goto';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { atCredentials, cwCredentials, gotoAuth } from './sentinels.js';
import { AT_DISCOVERY, AT_ZONE, CW_ORIGIN } from './vendor-doubles.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const malformed = [{ identifier: 'no id, no name' }];
const bridge = () =>
  createBridge({
    providers: [connectwise(), datto()],
    goto: goto({ auth: gotoAuth }),
    connectOptions: { clock: createTestClock() },
  });

describe.each(['companies', 'contacts'])('a malformed %s probe answer', (entity) => {
  it('fails the ConnectWise test with UNEXPECTED_RESPONSE and saves nothing', async () => {
    server.use(
      http.get(`${CW_ORIGIN}/login/companyinfo/:id`, () => HttpResponse.json({ Codebase: 'v2025_1/' })),
      http.get(`${CW_ORIGIN}/v2025_1/apis/3.0/system/info`, () => HttpResponse.json({ version: '2025.1' })),
      http.get(`${CW_ORIGIN}/v2025_1/apis/3.0/company/:entity`, ({ params }) =>
        HttpResponse.json(params.entity === entity ? malformed : []),
      ),
    );
    const app = bridge();
    const result = await app.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: cwCredentials,
    });
    expect(result).toMatchObject({
      saved: false,
      failure: { reason: 'UNEXPECTED_RESPONSE', step: `read-${entity}` },
    });
    expect((await app.connections.list()).items).toEqual([]);
  });

  it('fails the Autotask test with UNEXPECTED_RESPONSE and saves nothing', async () => {
    const name = entity === 'companies' ? 'Companies' : 'Contacts';
    server.use(
      http.get(`${AT_DISCOVERY}/ATServicesRest/V1.0/zoneInformation`, () =>
        HttpResponse.json({ url: `${AT_ZONE}/ATServicesRest/` }),
      ),
      http.get(`${AT_ZONE}/ATServicesRest/V1.0/ThresholdInformation`, () =>
        HttpResponse.json({ externalRequestThreshold: 10000 }),
      ),
      http.post(`${AT_ZONE}/ATServicesRest/V1.0/:entity/query`, ({ params }) =>
        HttpResponse.json({ items: params.entity === name ? malformed : [], pageDetails: { count: 0 } }),
      ),
    );
    const app = bridge();
    const result = await app.connections.testAndSave({
      providerId: 'datto',
      product: 'resolve',
      credentials: atCredentials,
    });
    expect(result).toMatchObject({
      saved: false,
      failure: { reason: 'UNEXPECTED_RESPONSE', step: `read-${entity}` },
    });
    expect((await app.connections.list()).items).toEqual([]);
  });
});
