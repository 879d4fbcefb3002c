import { collect, createTestClock } from '@psa-bridge/core/testing';
import { exchangeGotoCode, type GotoTokens, goto, gotoAuthorizationUrl } from '@psa-bridge/goto';
import { createGoToFake, type GoToFake } from '@psa-bridge/goto/fake';
import { mswHandlers } from '@psa-bridge/goto/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let fake: GoToFake;
beforeEach(() => {
  fake = createGoToFake({ host: { rateLimit: undefined } });
  server.use(...mswHandlers(fake));
});
const acmeKey = () => fake.account('Acme Corporation')?.key ?? '';

describe('OAuth tokens', () => {
  it('gets one token for many calls, and refreshes before it expires', async () => {
    const clock = createTestClock();
    const client = goto({ ...fake.options, clock });
    await client.listAccounts();
    await client.listLicenses(acmeKey());
    expect(fake.state.tokenRequests).toBe(1);
    clock.advance(3600_000 - 30_000); // within the 60 s margin before expiry
    await client.listAccounts();
    expect(fake.state.tokenRequests).toBe(2);
  });

  it('refreshes once after a 401 and repeats the request', async () => {
    const client = goto({ ...fake.options, clock: createTestClock() });
    await client.listAccounts();
    fake.expireAccessTokens();
    await expect(client.listAccounts()).resolves.toHaveLength(3);
    expect(fake.state.tokenRequests).toBe(2);
  });

  it('shares one refresh between concurrent callers', async () => {
    const client = goto({ ...fake.options, clock: createTestClock() });
    await Promise.all(Array.from({ length: 8 }, () => client.listAccounts()));
    expect(fake.state.tokenRequests).toBe(1);
    fake.expireAccessTokens();
    await Promise.all(Array.from({ length: 8 }, () => client.listLicenses(acmeKey())));
    expect(fake.state.tokenRequests).toBe(2);
  });

  it('hands a new refresh token to onTokens and uses it; keeps the old one when none comes', async () => {
    fake.state.rotateRefreshTokenEvery = 2;
    const seen: string[] = [];
    const clock = createTestClock();
    const client = goto({
      ...fake.options,
      clock,
      auth: {
        ...fake.options.auth,
        onTokens: (tokens: GotoTokens) => void seen.push(tokens.refreshToken ?? ''),
      },
    });
    await client.listAccounts(); // token request 1: no rotation
    clock.advance(3600_000);
    await client.listAccounts(); // request 2: rotated
    expect(seen).toHaveLength(1);
    expect(fake.state.refreshTokens.has('sim-refresh-token')).toBe(false);
    clock.advance(3600_000);
    await expect(client.listAccounts()).resolves.toHaveLength(3); // works with the new refresh token
  });

  it('accepts an app-supplied token function', async () => {
    fake.state.accessTokens.set('app-token-123456', Number.MAX_SAFE_INTEGER);
    const client = goto({
      auth: { accessToken: async () => 'app-token-123456' },
      apiBaseUrl: fake.options.apiBaseUrl,
    });
    await expect(client.listAccounts()).resolves.toHaveLength(3);
    expect(fake.state.tokenRequests).toBe(0);
  });

  it('fails with AUTHENTICATION for a refused refresh token, and keeps tokens out of the error', async () => {
    const client = goto({
      ...fake.options,
      auth: { ...fake.options.auth, refreshToken: 'stolen-or-revoked' },
    });
    const error = await client.listAccounts().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTHENTICATION' });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('stolen-or-revoked');
    expect(String((error as Error).message)).not.toContain('sim-client-secret');
  });

  it('builds the consent URL and exchanges a code', async () => {
    const url = new URL(
      gotoAuthorizationUrl({ clientId: 'cid', redirectUri: 'https://app.example/cb', state: 'xyz' }),
    );
    expect(url.origin + url.pathname).toBe('https://authentication.logmeininc.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      response_type: 'code',
      redirect_uri: 'https://app.example/cb',
      state: 'xyz',
    });
    fake.addAuthorizationCode('code-42', 'https://app.example/cb');
    const tokens = await exchangeGotoCode({
      clientId: 'sim-client-id',
      clientSecret: 'sim-client-secret',
      code: 'code-42',
      redirectUri: 'https://app.example/cb',
    });
    expect(tokens.refreshToken).toMatch(/^sim-refresh-/);
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());
    await expect(
      exchangeGotoCode({
        clientId: 'sim-client-id',
        clientSecret: 'sim-client-secret',
        code: 'code-42',
        redirectUri: 'https://app.example/cb',
      }),
    ).rejects.toMatchObject({ code: 'AUTHENTICATION' });
  });
});

describe.each(['string', 'number'] as const)('keys sent as %s (GoTo sends both)', (licenseKeyFormat) => {
  it('keeps every digit of keys past 2^53', async () => {
    fake.state.licenseKeyFormat = licenseKeyFormat;
    const client = goto({ ...fake.options, clock: createTestClock() });
    const account = fake.account('Acme Corporation');
    const [accountFromApi] = await client.listAccounts();
    expect(accountFromApi?.key).toBe(account?.key);
    expect(BigInt(account?.key ?? '0') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const licenses = await client.listLicenses(acmeKey());
    expect(licenses.map((license) => license.key)).toEqual(account?.licenses.map((license) => license.key));
    expect(licenses[0]?.seats).toEqual({ total: 100, available: 97 });
    expect(licenses[1]?.seats).toBeUndefined();
  });
});

describe('creating users', () => {
  const options = { licenseKeys: [] as string[], sendWelcomeEmail: false };

  it.each([
    [false, /GoTo already holds this email outside this account/],
    [true, /user\.name\.conflict/],
  ])(
    'fails only the user that belongs to another account (allOrNothing %s)',
    async (allOrNothing, reason) => {
      const client = goto({ ...fake.options, clock: createTestClock(), allOrNothing });
      const globexUser = fake.account('Globex B.V.')?.users[0]?.email ?? '';
      const outcomes = await client.createUsers(
        acmeKey(),
        [
          { email: 'one@acme.example', firstName: 'One', lastName: 'A' },
          { email: globexUser, firstName: 'Taken', lastName: 'Elsewhere' },
          { email: 'two@acme.example', firstName: 'Two', lastName: 'B' },
        ],
        options,
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['created', 'failed', 'created']);
      expect(outcomes[1]).toMatchObject({ code: 'CONFLICT', reason: expect.stringMatching(reason) });
    },
  );

  it('creates strong end users as license-less members with the welcome email (SPEC E4)', async () => {
    const client = goto({ ...fake.options, clock: createTestClock() });
    const [outcome] = await client.createUsers(
      acmeKey(),
      [{ email: 'End.User@Customer.example', firstName: 'End', lastName: 'User' }],
      { licenseKeys: [], sendWelcomeEmail: true },
    );
    expect(outcome).toMatchObject({ status: 'created', user: { role: 'member', licenseKeys: [] } });
    const report = fake.users(acmeKey()).find((user) => user.email === 'end.user@customer.example');
    expect(report).toMatchObject({ licenseKeys: [], welcomeEmailSent: true });
  });

  it('reports a create whose answer was lost as created, once', async () => {
    const client = goto({ ...fake.options, clock: createTestClock() });
    const before = fake.users(acmeKey()).length;
    // The create happens at GoTo, but its answer is lost: the client sends it again.
    fake.host.faults.push({ kind: 'lost-answer' }, 1, { method: 'POST', path: /\/users$/ });
    const [outcome] = await client.createUsers(
      acmeKey(),
      [{ email: 'lost.answer@acme.example', firstName: 'Lost', lastName: 'Answer' }],
      options,
    );
    expect(outcome?.status).toBe('created');
    expect(fake.users(acmeKey()).length).toBe(before + 1);
    expect(fake.host.stats.byMethod.POST).toBe(3); // token, the lost create, the repeat
    // The repeat's answer lists the email without a key (allOrNothing=false): it is looked up.
    expect(fake.host.stats.byMethod.GET).toBeGreaterThanOrEqual(1);
    expect(fake.host.stats.faulted).toBe(1);
  });

  it('looks up a large import by listing users instead of one request per email', async () => {
    const client = goto({ ...fake.options, clock: createTestClock(), pageSize: 100 });
    await client.listAccounts();
    const before = fake.host.stats.requests;
    const emails = Array.from({ length: 40 }, (_, i) => `candidate${i}@acme.example`);
    const found = await client.findUsersByEmail(acmeKey(), [
      ...emails,
      fake.account('Acme Corporation')?.users[1]?.email ?? '',
    ]);
    expect(found.size).toBe(1);
    expect(fake.host.stats.requests - before).toBe(1);
  });
});

describe('licenses of existing users', () => {
  it('adds licenses and keeps the ones the user had', async () => {
    const client = goto({ ...fake.options, clock: createTestClock() });
    const account = fake.account('Acme Corporation');
    const user = account?.users[1];
    const connect = account?.licenses[1]?.key ?? '';
    const updated = await client.assignLicenses(acmeKey(), user?.key ?? '', [connect]);
    expect(updated.licenseKeys).toEqual([account?.licenses[0]?.key, connect]);
    expect(fake.users(acmeKey()).find((u) => u.key === user?.key)?.licenseKeys).toEqual(updated.licenseKeys);
  });

  it('gives CONFLICT when the license has no free seat', async () => {
    const client = goto({ ...fake.options, clock: createTestClock() });
    const account = fake.account('Acme Corporation');
    const resolve = account?.licenses[0];
    if (resolve) resolve.seats = 3; // all taken by the three seeded users
    const admin = account?.users[0];
    await expect(
      client.assignLicenses(acmeKey(), admin?.key ?? '', [resolve?.key ?? '']),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('pacing at 10 requests per second', () => {
  it('stays under the limit GoTo enforces, so GoTo never answers 429', async () => {
    const limited = createGoToFake();
    server.use(...mswHandlers(limited));
    const client = goto({ ...limited.options });
    const key = (await client.listAccounts())[0]?.key ?? '';
    await Promise.all(Array.from({ length: 14 }, () => client.listLicenses(key)));
    expect(limited.host.stats.faulted).toBe(0);
  });

  it("backs off and recovers when an app lifts the client limit above GoTo's", async () => {
    const limited = createGoToFake();
    server.use(...mswHandlers(limited));
    const client = goto({ ...limited.options, requestsPerSecond: 1000, retry: { minDelayMs: 200 } });
    const key = (await client.listAccounts())[0]?.key ?? '';
    const results = await Promise.all(Array.from({ length: 14 }, () => client.listLicenses(key)));
    expect(results).toHaveLength(14);
    expect(limited.host.stats.faulted).toBeGreaterThan(0);
  });
});

describe('license seat fields (unconfirmed: no public sample shows them)', () => {
  it.each([true, false])(
    'present: %s; a license without counts has no seats, and the plan cannot run short',
    async (present) => {
      fake.state.seatFields = present;
      const client = goto({ ...fake.options, clock: createTestClock() });
      const [first] = await client.listLicenses(acmeKey());
      expect(first?.seats).toEqual(present ? { total: 100, available: 97 } : undefined);
    },
  );
});

/** An access token straight from the simulator, for raw requests. */
async function rawToken(): Promise<string> {
  const answer = (await (
    await fetch(`${fake.options.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${fake.options.auth.clientId}:${fake.options.auth.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: fake.options.auth.refreshToken,
      }),
    })
  ).json()) as { access_token: string };
  return answer.access_token;
}

describe("GoTo's create answer, as its developer reference documents it (allOrNothing)", () => {
  const existing = () => fake.account('Acme Corporation')?.users[1]?.email ?? '';
  const post = async (query: string) => {
    const response = await fetch(`${fake.options.apiBaseUrl}/accounts/${acmeKey()}/users${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await rawToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        users: [
          { email: 'fresh@acme.example', firstName: 'Fresh', lastName: 'User' },
          { email: existing(), firstName: 'Already', lastName: 'There' },
        ],
        licenseKeys: [],
      }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('the simulator refuses a whole batch with 409 by default (allOrNothing=true)', async () => {
    const answer = await post('');
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ errors: [{ code: 'user.name.conflict' }] });
    expect(fake.users(acmeKey()).some((user) => user.email === 'fresh@acme.example')).toBe(false);
  });

  it('with allOrNothing=false it answers 200 and lists the conflicting email without a key', async () => {
    const answer = await post('?allOrNothing=false');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { key: expect.any(String), email: 'fresh@acme.example' },
      { email: existing() },
    ]);
  });

  it.each([false, true])(
    'the adapter (allOrNothing %s) creates the new user once and reads the existing one as existing',
    async (allOrNothing) => {
      const sent: string[] = [];
      const listener = ({ request }: { request: Request }) => {
        if (request.method === 'POST' && request.url.includes('/users')) sent.push(request.url);
      };
      server.events.on('request:start', listener);
      try {
        const client = goto({ ...fake.options, clock: createTestClock(), allOrNothing });
        const outcomes = await client.createUsers(
          acmeKey(),
          [
            { email: 'fresh@acme.example', firstName: 'Fresh', lastName: 'User' },
            { email: existing(), firstName: 'Already', lastName: 'There' },
          ],
          { licenseKeys: [], sendWelcomeEmail: false, existingChecked: false },
        );
        // The existing user is found by the lookup before sending, and never sent at all.
        expect(outcomes.map((outcome) => outcome.status)).toEqual(['created', 'existing']);
        expect(fake.users(acmeKey()).filter((user) => user.email === 'fresh@acme.example')).toHaveLength(1);
        expect(sent.every((url) => url.includes('allOrNothing=false') === !allOrNothing)).toBe(true);
      } finally {
        server.events.removeListener('request:start', listener);
      }
    },
  );
});

describe('the simulator answers like GoTo', () => {
  it('toIndex is exclusive and users show the recorded statuses', async () => {
    const token = { access_token: await rawToken() };
    const page = (await (
      await fetch(`${fake.options.apiBaseUrl}/accounts/${acmeKey()}/users?offset=0&pageSize=100`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      })
    ).json()) as { results: { status: string }[]; fromIndex: number; toIndex: number; total: number };
    expect(page.fromIndex).toBe(0);
    expect(page.toIndex).toBe(page.results.length);
    expect(new Set(page.results.map((user) => user.status)).size).toBeGreaterThan(1);
  });
});

describe('listing users', () => {
  it('pages by offset and reports admins', async () => {
    const client = goto({ ...fake.options, clock: createTestClock(), pageSize: 2 });
    const users = await collect(client.listUsers(acmeKey()));
    expect(users.map((user) => user.email)).toEqual(fake.users(acmeKey()).map((user) => user.email));
    expect(users[0]?.role).toBe('admin');
    expect(users.slice(1).every((user) => user.role === 'member')).toBe(true);
  });
});
