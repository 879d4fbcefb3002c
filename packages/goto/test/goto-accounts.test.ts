import { isPsaBridgeError } from '@psa-bridge/core';
import { createMemoryGotoTokenStore, type GotoTokenStore } from '@psa-bridge/core/adapter';
import { createTestClock, type TestClock } from '@psa-bridge/core/testing';
import {
  completeGotoConsent,
  disconnectGoto,
  type GotoConsentRequest,
  goto,
  startGotoConsent,
} from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { mswHandlers } from '@psa-bridge/goto/fake/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const REDIRECT = 'https://app.example/goto/callback';

/** A simulator with two partners besides the default one, on the clock the clients use. */
function world(options: Parameters<typeof createGoToFake>[0] = {}) {
  const clock = createTestClock();
  const fake = createGoToFake({
    host: { rateLimit: undefined },
    now: clock.now,
    partners: [
      { id: 'north', accounts: [{ name: 'North Dental' }, { name: 'North Logistics' }] },
      { id: 'south', accounts: [{ name: 'South Bakery' }] },
    ],
    ...options,
  });
  server.use(...mswHandlers(fake));
  const client = { clientId: fake.options.auth.clientId, clientSecret: fake.options.auth.clientSecret };
  /** Runs the consent flow for `partner` into `tokens`, as an app's two routes would. */
  const onboard = async (partner: string, tokens: GotoTokenStore, pkce = false) => {
    const request = await startGotoConsent({ ...client, redirectUri: REDIRECT, scope: 'identity:', pkce });
    const callbackUrl = fake.consent(request.url, { partner, approve: true });
    return completeGotoConsent({
      ...client,
      callbackUrl,
      request,
      tokens,
      redirectUri: REDIRECT,
      now: clock.now,
    });
  };
  // Waiting for another process's refresh takes a little real time, not virtual time: waiters
  // must not run the clock past the token's life while one refresh is in flight.
  const processClock = {
    now: clock.now,
    sleep: () => new Promise<void>((resolve) => setTimeout(resolve, 2)),
  };
  const clientOf = (tokens: GotoTokenStore, extra: { clock?: TestClock } = {}) =>
    goto({ ...fake.options, clock: extra.clock ?? processClock, auth: { tokens, ...client } });
  return { fake, clock, client, onboard, clientOf };
}

describe('onboarding a partner’s GoTo account (SPEC S4)', () => {
  it('two partners consent and each client sees and changes only its own accounts', async () => {
    const { fake, onboard, clientOf } = world();
    const northTokens = createMemoryGotoTokenStore();
    const southTokens = createMemoryGotoTokenStore();
    expect(await onboard('north', northTokens)).toMatchObject({ principal: 'admin@north.example' });
    await onboard('south', southTokens, true); // with PKCE
    const north = clientOf(northTokens);
    const south = clientOf(southTokens);
    expect((await north.listAccounts()).map((account) => account.name)).toEqual([
      'North Dental',
      'North Logistics',
    ]);
    expect((await south.listAccounts()).map((account) => account.name)).toEqual(['South Bakery']);
    const bakery = fake.account('South Bakery')?.key ?? '';
    const [created] = await south.createUsers(
      bakery,
      [{ email: 'anna@bakery.example', firstName: 'Anna', lastName: 'Baker' }],
      {
        licenseKeys: [],
        sendWelcomeEmail: false,
      },
    );
    expect(created?.status).toBe('created');
    // North's admin cannot reach South's account.
    await expect(north.listLicenses(bakery)).rejects.toMatchObject({ code: 'PERMISSION' });
    // Stored sealed as Secrets: nothing readable in JSON.
    expect(JSON.stringify(await northTokens.get())).not.toMatch(/sim-(refresh|access)/);
  });

  it('refuses a callback whose state does not match, a declined consent and a reused code, with typed errors', async () => {
    const { fake, client } = world();
    const tokens = createMemoryGotoTokenStore();
    const request = await startGotoConsent({ ...client, redirectUri: REDIRECT });
    const other: GotoConsentRequest = await startGotoConsent({ ...client, redirectUri: REDIRECT });
    const approved = fake.consent(request.url, { partner: 'north', approve: true });
    const complete = (callbackUrl: string, started = request) =>
      completeGotoConsent({ ...client, callbackUrl, request: started, tokens, redirectUri: REDIRECT });

    await expect(complete(approved, other)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'state' },
    });
    await expect(complete(approved.replace(/state=[^&]+/, 'state='))).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const declined = fake.consent(request.url, { partner: 'north', approve: false });
    await expect(complete(declined)).rejects.toMatchObject({
      code: 'AUTHENTICATION',
      details: { reason: 'consent-denied' },
    });
    expect(await tokens.get()).toBeNull();
    await complete(approved);
    await expect(complete(approved)).rejects.toMatchObject({
      code: 'AUTHENTICATION',
      details: { reason: 'code-refused' },
    });
    // A PKCE consent completed without its verifier is refused by GoTo.
    const withPkce = await startGotoConsent({ ...client, redirectUri: REDIRECT, pkce: true });
    const pkceCallback = fake.consent(withPkce.url, { partner: 'north', approve: true });
    const { codeVerifier, ...withoutVerifier } = withPkce;
    expect(codeVerifier).toBeTruthy();
    await expect(complete(pkceCallback, withoutVerifier)).rejects.toMatchObject({
      details: { reason: 'code-refused' },
    });
  });

  it('disconnecting forgets the tokens: calls fail at once with AUTHENTICATION naming not-connected', async () => {
    const { fake, onboard, clientOf } = world();
    const tokens = createMemoryGotoTokenStore();
    await onboard('north', tokens);
    const north = clientOf(tokens);
    await north.listAccounts();
    expect(await disconnectGoto(tokens)).toBe(true);
    const sent = fake.state.tokenRequests;
    const fresh = clientOf(tokens);
    await expect(fresh.listAccounts()).rejects.toMatchObject({
      code: 'AUTHENTICATION',
      details: { reason: 'not-connected' },
    });
    expect(fake.state.tokenRequests).toBe(sent);
  });
});

describe('refresh across processes, once per expiry (SPEC S4)', () => {
  it('many clients over one store refresh once per expiry, with a new refresh token each time, never invalid_grant', async () => {
    const { fake, clock, onboard, clientOf } = world({
      rotateRefreshTokenEvery: 1,
      accessTokenTtlSeconds: 120,
    });
    const tokens = createMemoryGotoTokenStore(clock.now);
    await onboard('north', tokens);
    const processes = Array.from({ length: 4 }, () => clientOf(tokens));
    for (let expiry = 0; expiry < 5; expiry += 1) {
      clock.advance(120_000); // every access token expired
      await Promise.all(processes.flatMap((client) => [client.listAccounts(), client.listAccounts()]));
    }
    expect(fake.state.refreshes.get('north')).toBe(5);
    expect(fake.state.refusedRefreshes.get('north') ?? 0).toBe(0);
    const stored = await tokens.get();
    expect(fake.state.refreshTokens.has(stored?.refreshToken.reveal() ?? '')).toBe(true);
  });

  it('renews a short-lived token a quarter of its life early (not a fixed minute), and one process fetches it once for all its concurrent calls', async () => {
    const { fake, clock, onboard, clientOf } = world({
      rotateRefreshTokenEvery: 1,
      accessTokenTtlSeconds: 8,
    });
    const tokens = createMemoryGotoTokenStore(clock.now);
    await onboard('north', tokens);
    const client = clientOf(tokens);
    clock.advance(8_000); // the consent's token expired
    await Promise.all(Array.from({ length: 10 }, () => client.listAccounts()));
    expect(fake.state.refreshes.get('north')).toBe(1);
    // Usable for 6 of its 8 seconds: calls in that time refresh nothing.
    for (let second = 0; second < 5; second += 1) {
      clock.advance(1_000);
      await Promise.all([client.listAccounts(), client.listAccounts()]);
    }
    expect(fake.state.refreshes.get('north')).toBe(1);
    clock.advance(1_500); // 6.5 s: due
    await Promise.all(Array.from({ length: 6 }, () => client.listAccounts()));
    expect(fake.state.refreshes.get('north')).toBe(2);
    expect(fake.state.refusedRefreshes.get('north') ?? 0).toBe(0);
  });

  it('a 401 for a token another process already replaced re-reads instead of refreshing', async () => {
    const { fake, onboard, clientOf } = world({ rotateRefreshTokenEvery: 1 });
    const tokens = createMemoryGotoTokenStore();
    await onboard('north', tokens);
    const [a, b] = [clientOf(tokens), clientOf(tokens)];
    await a.listAccounts();
    await b.listAccounts();
    fake.expireAccessTokens();
    await a.listAccounts(); // a: 401, refreshes once and stores the new tokens
    await b.listAccounts(); // b: 401 with the old token, finds the new one stored
    expect(fake.state.refreshes.get('north')).toBe(1);
  });

  it('a revoked consent marks the partner as needing consent, and no call goes to GoTo after that (no retry storm)', async () => {
    const { fake, onboard, clientOf } = world({ rotateRefreshTokenEvery: 1 });
    const tokens = createMemoryGotoTokenStore();
    await onboard('north', tokens);
    const north = clientOf(tokens);
    await north.listAccounts();
    fake.state.refreshTokens.clear(); // the admin revoked the app in GoTo
    fake.expireAccessTokens();
    const first = await north.listAccounts().catch((error: unknown) => error);
    expect(isPsaBridgeError(first) && first.details).toMatchObject({ reason: 'needs-consent' });
    expect((await tokens.get())?.needsConsent).toBe(true);
    const before = fake.host.stats.requests;
    const others = [clientOf(tokens), clientOf(tokens)];
    const results = await Promise.allSettled(
      others.flatMap((client) => Array.from({ length: 10 }, () => client.listAccounts())),
    );
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(fake.host.stats.requests).toBe(before); // nothing sent: not to the API, not to the token endpoint
    // The partner connects again: the new consent replaces the mark, and calls work.
    await onboard('north', tokens);
    expect((await tokens.get())?.needsConsent).toBeUndefined();
    await expect(clientOf(tokens).listAccounts()).resolves.toHaveLength(2);
  });

  /** A store whose next write after a refresh "dies" (throws), like a process killed right there. */
  function dyingAfterRefresh(inner: GotoTokenStore): GotoTokenStore & { armed: boolean } {
    const store = {
      armed: true,
      get: (options?: Parameters<GotoTokenStore['get']>[0]) => inner.get(options),
      delete: (options?: Parameters<GotoTokenStore['delete']>[0]) => inner.delete(options),
      async compareAndSet(...args: Parameters<GotoTokenStore['compareAndSet']>) {
        if (store.armed && args[1].accessToken && args[1].refreshingUntil === undefined) {
          store.armed = false;
          throw new Error('killed between GoTo’s answer and the write');
        }
        return inner.compareAndSet(...args);
      },
    };
    return store;
  }

  it.each([
    [
      'with a reuse interval at GoTo: the next process refreshes with the same token and gets the same answer',
      30_000,
      'ok',
    ],
    [
      'with strict rotation: the partner must connect again, told by a typed error, with no retry storm',
      0,
      'needs-consent',
    ],
  ] as const)(
    'a process killed between GoTo’s answer and the write, %s',
    async (_name, graceMs, expected) => {
      const { fake, clock, onboard, clientOf } = world({
        rotateRefreshTokenEvery: 1,
        refreshReuseGraceMs: graceMs,
      });
      const inner = createMemoryGotoTokenStore(clock.now);
      await onboard('north', inner);
      const dying = dyingAfterRefresh(inner);
      clock.advance(3_600_000);
      await expect(clientOf(dying).listAccounts()).rejects.toThrow();
      // The dead process's lease stands until it runs out (15 s of virtual time); then another
      // process takes over.
      const survivor = clientOf(inner, { clock });
      if (expected === 'ok') {
        await expect(survivor.listAccounts()).resolves.toHaveLength(2);
        expect(fake.state.refusedRefreshes.get('north') ?? 0).toBe(0);
      } else {
        await expect(survivor.listAccounts()).rejects.toMatchObject({
          code: 'AUTHENTICATION',
          details: { reason: 'needs-consent' },
        });
        const sent = fake.host.stats.requests;
        await Promise.allSettled(Array.from({ length: 10 }, () => survivor.listAccounts()));
        expect(fake.host.stats.requests).toBe(sent);
      }
    },
  );
});
