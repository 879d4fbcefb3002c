/**
 * Vendors that repeat, lie or change shape (issue: the SDK's promises under a third round of
 * attack, findings 1-3): paging always ends with a typed error, a page of unreadable records is
 * never an empty answer, and a manual search is literal whatever a vendor's `contains` does.
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { createBridge, createMemoryStores, isPsaBridgeError } from '@psa-bridge/core';
import type { PsaClient } from '@psa-bridge/core/adapter';
import { collect, createTestClock, vendorContains } from '@psa-bridge/core/testing';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const transport = { retry: { retries: 0 }, timeoutMs: 2_000 };

const cwCompany = (id: number, name = `Company ${id}`) => ({
  id,
  name,
  status: { id: 1, name: 'Active' },
  types: [],
  deletedFlag: false,
});
const atCompany = (id: number, name = `Company ${id}`) => ({
  id,
  companyName: name,
  companyType: 1,
  isActive: true,
});

async function connectWiseClient(options: { maxPages?: number } = {}): Promise<PsaClient> {
  const fake = createConnectWiseFake({ companies: 5, seed: 1 });
  server.use(...mswHandlers(fake));
  return connectwise({ pageSize: 2, ...transport, ...options }).connect(fake.credentials, {
    clock: createTestClock(),
  });
}

async function autotaskClient(options: { maxPages?: number } = {}): Promise<PsaClient> {
  const fake = createAutotaskFake({ companies: 5, seed: 1 });
  server.use(...mswHandlers(fake));
  return datto({ pageSize: 2, ...transport, ...options }).connect(fake.credentials, {
    clock: createTestClock(),
  });
}

/** Serves company pages from `page(n)` (n counts requests), with the Link header `link(n, url)`. */
function connectWisePages(link: (n: number, url: URL) => string | undefined) {
  let n = 0;
  server.use(
    http.get('*/company/companies', ({ request }) => {
      n += 1;
      const url = new URL(request.url);
      const next = link(n, url);
      return HttpResponse.json([cwCompany(2 * n), cwCompany(2 * n + 1)], {
        headers: next ? { link: `<${next}>; rel="next"` } : {},
      });
    }),
  );
  return { requests: () => n };
}

function autotaskPages(next: (n: number, url: URL) => string | null) {
  let n = 0;
  server.use(
    http.post('*/V1.0/Companies/query*', ({ request }) => {
      n += 1;
      const url = new URL(request.url);
      return HttpResponse.json({
        items: [atCompany(2 * n), atCompany(2 * n + 1)],
        pageDetails: { count: 2, requestCount: 2, prevPageUrl: null, nextPageUrl: next(n, url) },
      });
    }),
  );
  return { requests: () => n };
}

/** A bridge with a saved ConnectWise connection against the simulators; resolves both. */
async function connectedBridge(
  options: Partial<Parameters<typeof createBridge>[0]> = {},
  userAgent?: string,
) {
  const fake = createConnectWiseFake({ companies: 3, seed: 1 });
  const gotoFake = createGoToFake({ accounts: [{ name: 'Acme Corporation' }] });
  server.use(...mswHandlers(fake, gotoFake));
  const bridge = createBridge({
    providers: [connectwise(transport)],
    goto: goto({ ...gotoFake.options, ...transport, ...(userAgent ? { userAgent } : {}) }),
    ...options,
  });
  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: fake.credentials,
  });
  if (!saved.saved) throw new Error('connection test failed');
  return { bridge, connectionId: saved.connection.id, gotoFake };
}

describe('paging always ends (finding 1)', () => {
  const forwardOnly = (id: number, url: URL) => {
    const next = new URL(url);
    next.searchParams.set('pageId', String(id));
    return next.href;
  };

  it('ConnectWise: a next link that repeats the page just read is RESPONSE_SHAPE, at once', async () => {
    const client = await connectWiseClient();
    const pages = connectWisePages((_, url) => url.href);
    const error = await collect(client.searchCompanies({})).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'RESPONSE_SHAPE',
      message: expect.stringMatching(/ConnectWise.*already read/),
    });
    expect(pages.requests()).toBe(2);
  });

  it('ConnectWise: a two-page cycle is RESPONSE_SHAPE after the third request', async () => {
    const client = await connectWiseClient();
    const pages = connectWisePages((n, url) => forwardOnly(n % 2 === 1 ? 1000 : 1001, url));
    await expect(collect(client.searchCompanies({}))).rejects.toMatchObject({ code: 'RESPONSE_SHAPE' });
    // page 1 (no pageId), pageId=1000, pageId=1001, then pageId=1000 again is refused unread.
    expect(pages.requests()).toBe(3);
  });

  it('ConnectWise: an endless series of distinct links stops at maxPages', async () => {
    const client = await connectWiseClient({ maxPages: 25 });
    const pages = connectWisePages((n, url) => forwardOnly(1000 + n, url));
    const error = await collect(client.searchCompanies({})).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'RESPONSE_SHAPE', message: expect.stringMatching(/maxPages/) });
    expect(pages.requests()).toBe(25);
  });

  it('Autotask: a nextPageUrl naming the page just read is RESPONSE_SHAPE, at once', async () => {
    const client = await autotaskClient();
    const pages = autotaskPages((_, url) => url.href);
    const error = await collect(client.searchCompanies({})).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'RESPONSE_SHAPE',
      message: expect.stringMatching(/Autotask.*already read/),
    });
    expect(pages.requests()).toBe(2);
  });

  it('Autotask: a two-page cycle and an endless series both end with RESPONSE_SHAPE', async () => {
    const client = await autotaskClient({ maxPages: 30 });
    const cycle = autotaskPages(
      (n, url) => `${url.origin}${url.pathname.replace(/\/query.*$/, '')}/query/next?paging=${n % 2}`,
    );
    await expect(collect(client.searchCompanies({}))).rejects.toMatchObject({ code: 'RESPONSE_SHAPE' });
    expect(cycle.requests()).toBe(3);
    server.resetHandlers();
    const again = await autotaskClient({ maxPages: 30 });
    const endless = autotaskPages(
      (n, url) => `${url.origin}${url.pathname.replace(/\/query.*$/, '')}/query/next?paging=${n}`,
    );
    await expect(collect(again.searchCompanies({}))).rejects.toMatchObject({
      code: 'RESPONSE_SHAPE',
      message: expect.stringMatching(/maxPages/),
    });
    expect(endless.requests()).toBe(30);
  });

  it('GoTo: a users listing whose total never ends stops at the page limit, typed', async () => {
    const fake = createGoToFake();
    server.use(...mswHandlers(fake));
    let n = 0;
    server.use(
      http.get('*/admin/rest/v1/accounts/:key/users', ({ request }) => {
        n += 1;
        const offset = Number(new URL(request.url).searchParams.get('offset') ?? 0);
        const results = [
          { key: `u${offset}`, email: `u${offset}@acme.example`, firstName: 'U', lastName: 'V' },
        ];
        return HttpResponse.json({ results, fromIndex: offset, toIndex: offset + 1, total: 1_000_000_000 });
      }),
    );
    const client = goto({
      ...fake.options,
      ...transport,
      pageSize: 1,
      maxPages: 40,
      requestsPerSecond: 1000,
    });
    const [account] = await client.listAccounts();
    const error = await collect(client.listUsers(account?.key ?? '')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'RESPONSE_SHAPE', message: expect.stringMatching(/GoTo.*maxPages/) });
    expect(n).toBe(40);
  });

  it('yields to the event loop between pages, so the host app’s timers keep running', async () => {
    const client = await connectWiseClient({ maxPages: 400 });
    connectWisePages((n, url) => forwardOnly(1000 + n, url));
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 1);
    await collect(client.searchCompanies({})).catch(() => undefined);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('silence is not an answer (finding 2)', () => {
  const unreadable = (id: number) => ({ id: String(id), name: 42, status: 'Active' });

  it('a page on which every record fails the schema is RESPONSE_SHAPE, not an empty page', async () => {
    const client = await connectWiseClient();
    server.use(http.get('*/company/companies', () => HttpResponse.json([unreadable(1), unreadable(2)])));
    const error = await collect(client.searchCompanies({ name: 'acme' })).catch((caught: unknown) => caught);
    expect(isPsaBridgeError(error, 'RESPONSE_SHAPE')).toBe(true);
    expect((error as Error).message).toMatch(/none of the 2 company records could be read/);
    const autotask = await autotaskClient();
    server.use(
      http.post('*/V1.0/Companies/query*', () =>
        HttpResponse.json({
          items: [{ id: 1, companyName: 7 }],
          pageDetails: { count: 1, requestCount: 1, prevPageUrl: null, nextPageUrl: null },
        }),
      ),
    );
    await expect(collect(autotask.searchCompanies({ name: 'acme' }))).rejects.toMatchObject({
      code: 'RESPONSE_SHAPE',
    });
  });

  it('the automatic search fails typed instead of answering "none" when nothing could be read', async () => {
    const { bridge, connectionId } = await connectedBridge({ stores: createMemoryStores() });
    server.use(http.get('*/company/companies', () => HttpResponse.json([unreadable(1)])));
    const [account] = await bridge.goto.listAccounts();
    await expect(bridge.mappings.suggest(connectionId, account as never)).rejects.toMatchObject({
      code: 'RESPONSE_SHAPE',
    });
  });

  it('a page with some unreadable records carries their count to the search page and the match', async () => {
    const skipped: string[] = [];
    const { bridge, connectionId } = await connectedBridge({
      hooks: { onRecordSkipped: (event) => skipped.push(event.id ?? '?') },
    });
    server.use(
      http.get('*/company/companies', () =>
        HttpResponse.json([cwCompany(7, 'Acme Corporation'), unreadable(8), unreadable(9)]),
      ),
    );
    const page = await bridge.mappings.search(connectionId, { name: 'acme' });
    expect(page.items.map((company) => company.name)).toEqual(['Acme Corporation']);
    expect(page.skippedRecords).toBe(2);
    const [account] = await bridge.goto.listAccounts();
    const match = await bridge.mappings.suggest(connectionId, account as never);
    expect(match).toMatchObject({ outcome: 'found', skippedRecords: 2, safe: false });
    expect(match.evidence.join(' ')).toMatch(/could not be read/);
    expect(skipped).toContain('8');
  });
});

describe('a manual search is literal, whatever the vendor’s contains does (finding 3)', () => {
  const names = [
    'Under Co',
    'Wonder Inc',
    '100% Local',
    'a_b Partners',
    'ab Partners',
    'Bracket [a-z] BV',
    'Plain BV',
  ];
  const texts = ['%', '_', '%%', '[a-z]', '_nder', '100%', 'a_b'];

  for (const psa of ['connectwise', 'datto'] as const) {
    it(`${psa}: against a vendor that reads contains as SQL LIKE, only names holding the text come back`, async () => {
      const fake =
        psa === 'connectwise'
          ? createConnectWiseFake({ companies: 0, seed: 1, containsMode: 'like' })
          : createAutotaskFake({ companies: 0, seed: 1, containsMode: 'like' });
      if (psa === 'connectwise') {
        const data = fake.data as ReturnType<typeof createConnectWiseFake>['data'];
        for (const [i, name] of names.entries()) data.companies.push(cwCompany(100 + i, name) as never);
      } else {
        const data = fake.data as ReturnType<typeof createAutotaskFake>['data'];
        for (const [i, name] of names.entries()) data.companies.push(atCompany(100 + i, name) as never);
      }
      server.use(...mswHandlers(fake));
      const provider = psa === 'connectwise' ? connectwise(transport) : datto(transport);
      const client = await provider.connect(fake.credentials as never, { clock: createTestClock() });
      for (const text of texts) {
        const found = (await collect(client.searchCompanies({ name: text }))).map((company) => company.name);
        const expected = names.filter((name) => name.toLowerCase().includes(text.toLowerCase()));
        expect(found.sort(), `"${text}"`).toEqual(expected.sort());
      }
      // The vendor model really is LIKE: for these texts it matches more than the literal names,
      // so the adapter's own filter is what kept the answers literal.
      const vendorMatches = (text: string) =>
        names.filter((name) => vendorContains(name, text, 'like')).length;
      const literal = (text: string) =>
        names.filter((name) => name.toLowerCase().includes(text.toLowerCase())).length;
      expect(texts.filter((text) => vendorMatches(text) > literal(text)).length).toBeGreaterThanOrEqual(4);
    });
  }
});

describe('vendors can tell who calls them (User-Agent)', () => {
  it('every PSA and GoTo request says psa-bridge and its version, then the app’s token', async () => {
    const agents = new Set<string>();
    const listener = ({ request }: { request: Request }) => {
      agents.add(request.headers.get('user-agent') ?? '(none)');
    };
    server.events.on('request:start', listener);
    try {
      const { bridge, gotoFake } = await connectedBridge(
        { userAgent: 'acme-msp-tool/2.1' },
        'acme-msp-tool/2.1',
      );
      await bridge.goto.listAccounts();
      // A token with characters a header cannot carry is left out, never sent.
      const plain = goto({ ...gotoFake.options, ...transport, userAgent: 'bad\r\nX-Injected: 1' });
      await plain.listAccounts();
    } finally {
      server.events.removeListener('request:start', listener);
    }
    const versioned = /^psa-bridge\/[\w.-]+( acme-msp-tool\/2\.1)?$/;
    expect(
      [...agents].every((agent) => versioned.test(agent)),
      [...agents].join(' | '),
    ).toBe(true);
    expect([...agents].some((agent) => agent.endsWith(' acme-msp-tool/2.1'))).toBe(true);
  });
});
