import { createMemoryRateLimiter } from '@psa-bridge/core';
import { createTestClock } from '@psa-bridge/core/testing';
import { type HaloCredentials, halo } from '@psa-bridge/halo';
import { createHaloFake, type HaloFake, RATE_LIMIT_TEXT } from '@psa-bridge/halo/fake';
import { mswHandlers } from '@psa-bridge/halo/fake/msw';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SECRET = 'halo-Secret_value-42';
const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};
const fakeWith = (options: Parameters<typeof createHaloFake>[0] = {}): HaloFake => {
  const fake = createHaloFake({ clients: 12, clientSecret: SECRET, ...options });
  server.use(...mswHandlers(fake));
  return fake;
};
const test = async (credentials: Partial<HaloCredentials> & { url: string }, fake: HaloFake) =>
  (await halo().connect({ ...fake.credentials, ...credentials })).testConnection();

describe('HaloPSA credentials (SPEC C3)', () => {
  it('are validated before any request, naming fields and never values', async () => {
    const fake = fakeWith();
    const before = fake.host.stats.requests;
    for (const [field, value] of [
      ['url', 'http://msp.halopsa.com'],
      ['url', 'https://user:pass@msp.halopsa.com'],
      ['url', 'https://msp.halopsa.com/?tenant=x'],
      ['clientSecret', 'has a space'],
      ['clientId', ''],
      ['tenant', 'two words'],
      ['scope', 'all  double'],
      ['authUrl', 'ftp://auth.example'],
    ] as const) {
      const error = await halo()
        .connect({ ...fake.credentials, [field]: value })
        .catch((caught: unknown) => caught);
      expect(error, field).toMatchObject({ code: 'VALIDATION', details: { fields: [field] } });
      if (value) expect(JSON.stringify(error)).not.toContain(value);
    }
    expect(fake.host.stats.requests).toBe(before);
  });
});

describe('HaloPSA test & save (SPEC C4)', () => {
  it('passes with the tenant named by authinfo, and reads only', async () => {
    const fake = fakeWith({ tenant: 'acme-msp' });
    const { tenant: _tenant, ...withoutTenant } = fake.credentials;
    const client = await halo().connect(withoutTenant);
    expect(await client.testConnection()).toEqual({ ok: true, facts: {} });
    await collect(client.listCompanies());
    const [company] = await collect(client.searchCompanies({ name: fake.data.clients[0]?.name ?? '' }));
    await collect(client.listContacts(company?.id ?? ''));
    for (const route of Object.keys(fake.host.stats.byRoute)) {
      expect(route).toMatch(/^(GET \/api\/|POST \/auth\/token)/);
    }
  });

  it('a wrong secret, a wrong client id or an unknown tenant: AUTHENTICATION at authenticate', async () => {
    const fake = fakeWith({ tenant: 'acme-msp' });
    for (const wrong of [
      { clientSecret: 'wrong-secret' },
      { clientId: 'someone-else' },
      { tenant: 'other-msp' },
    ]) {
      const result = await test({ url: fake.credentials.url, ...wrong }, fake);
      expect(result, JSON.stringify(wrong)).toMatchObject({
        ok: false,
        step: 'authenticate',
        reason: 'AUTHENTICATION',
      });
      // Said once, with Halo's own code: not the same sentence twice.
      const message = (result as { message: string }).message;
      expect(message.match(/refused the client id/g)).toHaveLength(1);
      expect(JSON.stringify(result)).not.toContain(SECRET);
    }
  });

  it('no permission on customers or on users: PERMISSION at the step that needs it', async () => {
    const fake = fakeWith();
    fake.state.permissions.clients = false;
    expect(await test({ url: fake.credentials.url }, fake)).toMatchObject({
      ok: false,
      step: 'read-companies',
      reason: 'PERMISSION',
    });
    fake.state.permissions.clients = true;
    fake.state.permissions.users = false;
    const result = await test({ url: fake.credentials.url }, fake);
    expect(result).toMatchObject({ ok: false, step: 'read-contacts', reason: 'PERMISSION' });
    expect(result.ok ? '' : result.message).toContain('You do not have permission to view Users');
  });

  it('a scope the application may not use: PERMISSION at authenticate', async () => {
    const fake = fakeWith();
    fake.state.grantedScopes = ['read:customers'];
    expect(await test({ url: fake.credentials.url, scope: 'all' }, fake)).toMatchObject({
      ok: false,
      step: 'authenticate',
      reason: 'PERMISSION',
    });
  });

  it('nobody answering: UNREACHABLE at reach', async () => {
    const fake = fakeWith();
    server.use(http.all('https://msp.halopsa.com/*', () => HttpResponse.error()));
    const result = await (await halo({ retry: { retries: 0 } }).connect(fake.credentials)).testConnection();
    expect(result).toMatchObject({ ok: false, step: 'reach', reason: 'UNREACHABLE' });
  });

  it("rate limited on the token endpoint too: RATE_LIMITED, with Halo's words", async () => {
    const fake = fakeWith({ rateLimit: { requests: 1, windowMs: 300_000 } });
    const result = await (
      await halo({ retry: { retries: 1 } }).connect(fake.credentials, { clock: createTestClock() })
    ).testConnection();
    expect(result).toMatchObject({ ok: false, reason: 'RATE_LIMITED' });
  });
});

describe('where the client secret and tokens may go (SPEC C8)', () => {
  it('an authinfo that names another site is refused before the secret is sent', async () => {
    const fake = fakeWith();
    const sent: string[] = [];
    server.use(
      http.get('https://msp.halopsa.com/api/authinfo', () =>
        HttpResponse.json({ auth_url: 'https://collector.example/auth' }),
      ),
      http.all('https://collector.example/*', async ({ request }) => {
        sent.push(await request.text());
        return HttpResponse.json({ access_token: 'stolen', expires_in: 3600 });
      }),
    );
    const result = await test({ url: fake.credentials.url }, fake);
    expect(result).toMatchObject({ ok: false, step: 'reach', reason: 'UNEXPECTED_RESPONSE' });
    expect(result.ok ? '' : result.message).toContain('set authUrl in the credentials to trust it');
    expect(sent).toEqual([]);
  });

  it('an authorization server on the same site is used; one given as authUrl is trusted anywhere', async () => {
    const fake = fakeWith();
    const tokenCalls: string[] = [];
    const forward = (origin: string) =>
      http.post(`${origin}/auth/token`, async ({ request }) => {
        tokenCalls.push(origin);
        return fake.handle(
          new Request(`https://msp.halopsa.com/auth/token${new URL(request.url).search}`, request),
        );
      });
    server.use(
      http.get('https://msp.halopsa.com/api/authinfo', () =>
        HttpResponse.json({ auth_url: 'https://auth.halopsa.com/auth' }),
      ),
      forward('https://auth.halopsa.com'),
      forward('https://login.example'),
    );
    expect(await test({ url: fake.credentials.url }, fake)).toEqual({ ok: true, facts: {} });
    expect(await test({ url: fake.credentials.url, authUrl: 'https://login.example/auth' }, fake)).toEqual({
      ok: true,
      facts: {},
    });
    expect(tokenCalls).toEqual(['https://auth.halopsa.com', 'https://login.example']);
  });

  it("without authinfo, the token endpoint is the instance's own /auth/token", async () => {
    const fake = fakeWith({ authInfo: false });
    expect(await test({ url: fake.credentials.url }, fake)).toEqual({ ok: true, facts: {} });
    expect(fake.state.tokenRequests).toBe(1);
  });

  it('an expired token is renewed once, and requests go on', async () => {
    const fake = fakeWith();
    const client = await halo().connect(fake.credentials);
    await collect(client.listCompanies());
    fake.expireTokens();
    expect((await collect(client.listCompanies())).length).toBe(12);
    expect(fake.state.tokenRequests).toBe(2);
  });
});

describe('Halo quirks the adapter copes with', () => {
  it('keeps under the rolling 5-minute limit, sharing nothing it need not', async () => {
    const clock = createTestClock();
    const fake = fakeWith({
      clients: 40,
      now: () => clock.now(),
      rateLimit: { requests: 6, windowMs: 300_000 },
    });
    const client = await halo({ pageSize: 5, rateLimit: { requests: 6, perMs: 300_000 } }).connect(
      fake.credentials,
      { clock },
    );
    const companies = await collect(client.listCompanies());
    expect(companies).toHaveLength(40);
    expect(fake.host.stats.faulted).toBe(0);
    // 2 auth requests and 8 pages at 6 per 5 minutes: the client waited rather than being refused.
    expect(clock.sleeps.some((ms) => ms > 0)).toBe(true);
  });

  it('two clients (two workers) of one instance share the limit through the RateLimiter port', async () => {
    const clock = createTestClock();
    const fake = fakeWith({
      clients: 30,
      now: () => clock.now(),
      rateLimit: { requests: 8, windowMs: 300_000 },
    });
    const rateLimiter = createMemoryRateLimiter(clock);
    const provider = halo({ pageSize: 5, rateLimit: { requests: 8, perMs: 300_000 } });
    const [one, two] = await Promise.all([
      provider.connect(fake.credentials, { clock, rateLimiter }),
      provider.connect(fake.credentials, { clock, rateLimiter }),
    ]);
    const [a, b] = await Promise.all([collect(one.listCompanies()), collect(two.listCompanies())]);
    expect([a.length, b.length]).toEqual([30, 30]);
    // Each client alone would have kept to 8 per window; together they kept to 8, not 16.
    expect(fake.host.stats.faulted).toBe(0);
  });

  it('reads a 429 without Retry-After as Halo sends it, and retries with backoff', async () => {
    const clock = createTestClock();
    const fake = fakeWith({ now: () => clock.now(), rateLimit: { requests: 3, windowMs: 1_000 } });
    const client = await halo({ rateLimit: { requests: 100, perMs: 1_000 } }).connect(fake.credentials, {
      clock,
    });
    expect(await collect(client.listCompanies())).toHaveLength(12);
    expect(await collect(client.listCompanies())).toHaveLength(12);
    expect(RATE_LIMIT_TEXT).toContain('300 Requests per rolling 5 minute window');
  });

  it('filters by several top levels at once, and by both statuses, keeping id order', async () => {
    const fake = fakeWith({ clients: 30 });
    const client = await halo({ pageSize: 7 }).connect(fake.credentials);
    const types = await client.listCompanyTypes();
    expect(types.map((type) => type.name)).toEqual(['Customers', 'Prospects', 'Suppliers']);
    const two = await collect(client.listCompanies({ typeIds: [types[0]?.id ?? '', types[2]?.id ?? ''] }));
    expect(two.map((company) => Number(company.id))).toEqual(
      fake.data.clients.filter((c) => c.toplevel_id === 1 || c.toplevel_id === 3).map((c) => c.id),
    );
    const both = await collect(client.listCompanies({ statusIds: ['active', 'inactive'] }));
    expect(both).toHaveLength(30);
    expect(await collect(client.listCompanies({ typeIds: ['not-a-number'] }))).toEqual([]);
  });

  it('a user of another client in an answer is not taken as a contact', async () => {
    const fake = fakeWith();
    const [first, second] = fake.data.clients;
    const stray = fake.data.users.find((user) => user.client_id === second?.id);
    server.use(
      http.get('https://msp.halopsa.com/api/users', () =>
        HttpResponse.json({ record_count: 1, users: [stray] }),
      ),
    );
    const client = await halo().connect(fake.credentials);
    expect(await collect(client.listContacts(String(first?.id)))).toEqual([]);
  });
});
