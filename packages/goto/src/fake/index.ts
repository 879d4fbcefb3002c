/**
 * A contract-faithful simulator of the GoTo Admin API and its OAuth token endpoint, for tests
 * (msw handlers) and for examples and benchmarks (a loopback port). It enforces bearer tokens
 * with expiry, account membership, creates that answer with existing users too, conflicts,
 * license seats, GoTo's error body and the 10 requests/second limit (429 without
 * `Retry-After`), and it reports what it holds so tests can assert exactly-once outcomes.
 *
 * @example
 * ```ts
 * import { createGoToFake } from '@psa-bridge/goto/fake';
 * const fake = createGoToFake();
 * const { clientOptions, close } = await fake.listen();
 * const client = goto(clientOptions);
 * ```
 *
 * @module
 */
import {
  createSimulatorHost,
  type LoopbackOptions,
  type MswRoutable,
  type RunningSimulator,
  runningSimulator,
  type SimulatorHost,
  type SimulatorHostOptions,
  serveOnLoopback,
} from '@psa-bridge/core/testing';
import {
  buildAccounts,
  createKeyMaker,
  defaultAccountSeeds,
  type GotoAccountSeed,
  type SimulatedGotoAccount,
  type SimulatedGotoUser,
} from './goto-data.js';
import { createGotoRoutes, type ExistingUserAnswer, type GotoServerState } from './goto-routes.js';

export {
  defaultAccountSeeds,
  type GotoAccountSeed,
  type SimulatedGotoAccount,
  type SimulatedGotoLicense,
  type SimulatedGotoUser,
  seatsUsed,
} from './goto-data.js';
export type { ExistingUserAnswer, GotoServerState } from './goto-routes.js';

/** Options of {@link createGoToFake}. */
export interface GoToFakeOptions {
  /** Accounts with licenses and users. @default three seeded customer accounts */
  readonly accounts?: readonly GotoAccountSeed[];
  /** Seed of the default accounts. @default 1 */
  readonly seed?: number;
  /** OAuth client id accepted. @default 'sim-client-id' */
  readonly clientId?: string;
  /** OAuth client secret accepted. @default 'sim-client-secret' */
  readonly clientSecret?: string;
  /** Refresh token accepted at start. @default 'sim-refresh-token' */
  readonly refreshToken?: string;
  /** Lifetime of access tokens, in seconds. @default 3600 */
  readonly accessTokenTtlSeconds?: number;
  /**
   * How a create answers for an email GoTo already holds (see {@link ExistingUserAnswer}): as
   * GoTo's developer reference says by default; the other two are what other GoTo sources show,
   * so tests run all three. @default 'reference'
   */
  readonly existingUserAnswer?: ExistingUserAnswer;
  /** License keys as JSON strings (recorded answers) or bare integers (one docs example). @default 'string' */
  readonly licenseKeyFormat?: 'string' | 'number';
  /** Whether licenses carry seat counts; no public sample shows them. @default true */
  readonly seatFields?: boolean;
  /** Give out a new refresh token on every n-th refresh (1: every refresh); 0 never. @default 0 */
  readonly rotateRefreshTokenEvery?: number;
  /**
   * What reusing a rotated-out refresh token gets: `invalid_grant`, or the whole family of that
   * consent revoked too (OAuth 2.1's advice). @default 'invalid_grant'
   */
  readonly refreshTokenReuse?: 'invalid_grant' | 'revoke-family';
  /**
   * For this long after a rotation the old refresh token still answers, with the same new tokens
   * (a reuse interval, as some authorization servers have; GoTo's is unconfirmed). @default 0
   */
  readonly refreshReuseGraceMs?: number;
  /**
   * More partners (GoTo admins of other MSPs), each with its own accounts; the default accounts
   * belong to the first partner, `default`. Each gets its consent through {@link GoToFake.consent}
   * (or `refreshTokenFor(partner)`).
   */
  readonly partners?: readonly { readonly id: string; readonly accounts: readonly GotoAccountSeed[] }[];
  /** Time as the simulator sees it, for token expiry. @default Date.now */
  readonly now?: () => number;
  /** Latency, faults; the rate limit defaults to GoTo's 10 requests per second (set `rateLimit: undefined` to lift it). */
  readonly host?: SimulatorHostOptions;
  /** Origin of the Admin API for the msw handlers. @default 'https://api.getgo.com' */
  readonly apiOrigin?: string;
  /** Origin of the token endpoint for the msw handlers. @default 'https://authentication.logmeininc.com' */
  readonly authOrigin?: string;
}

/** An OAuth client and a refresh token the simulator accepts. */
export interface GoToFakeAuth {
  /** The OAuth client id. */
  readonly clientId: string;
  /** The OAuth client secret. */
  readonly clientSecret: string;
  /** A refresh token of the partner's admin. */
  readonly refreshToken: string;
}

/** `goto()` options that point at a simulator. */
export interface GoToFakeClientOptions {
  /** OAuth client credentials and a refresh token the simulator accepts. */
  readonly auth: GoToFakeAuth;
  /** The simulator's Admin API base URL. */
  readonly apiBaseUrl: string;
  /** The simulator's token endpoint base URL. */
  readonly authBaseUrl: string;
}

/** What the simulator holds for one user, for exactly-once assertions. */
export type GotoUserReport = Pick<
  SimulatedGotoUser,
  'key' | 'email' | 'firstName' | 'lastName' | 'licenseKeys' | 'welcomeEmailSent'
>;

/** A running GoTo simulator. */
export interface GoToFake extends MswRoutable {
  /** `goto()` options (auth, base URLs) that work against the msw handlers. */
  readonly options: GoToFakeClientOptions;
  /** Tokens, accounts and switches; change them freely. */
  readonly state: GotoServerState;
  /** Fault switches and counters. */
  readonly host: SimulatorHost;
  /** The account with this name. */
  account(name: string): SimulatedGotoAccount | undefined;
  /** The users of an account, with licenses and whether a welcome email went out. */
  users(accountKey: string): GotoUserReport[];
  /** Makes every access token expire now. */
  expireAccessTokens(): void;
  /** Registers an authorization code for {@link GoToFake.state} (consent-flow tests). */
  addAuthorizationCode(code: string, redirectUri: string, partner?: string): void;
  /**
   * What GoTo's consent page does with an admin's answer: reads the authorization URL an app made
   * (client id, redirect URI, state, PKCE challenge) and returns the URL GoTo redirects the
   * browser to: with a fresh `code` and the same `state` when `partner`'s admin approves, with
   * `error=access_denied` when they decline. A wrong client id or redirect is refused.
   */
  consent(authorizationUrl: string, answer: { readonly partner: string; readonly approve: boolean }): string;
  /** A refresh token of `partner`'s admin, as if it had consented earlier. */
  refreshTokenFor(partner: string): string;
  /**
   * Serves the same behaviour on a loopback port (no msw needed); pass `clientOptions` to
   * `goto()`. `credentials` is the OAuth client and refresh token inside them.
   */
  listen(options?: LoopbackOptions): Promise<RunningSimulator<GoToFakeAuth, GoToFakeClientOptions>>;
}

/** Creates a GoTo simulator with seeded, deterministic accounts. */
export function createGoToFake(options: GoToFakeOptions = {}): GoToFake {
  const nextKey = createKeyMaker();
  const refreshToken = options.refreshToken ?? 'sim-refresh-token';
  const partners = ['default', ...(options.partners ?? []).map((partner) => partner.id)];
  const accounts = buildAccounts(options.accounts ?? defaultAccountSeeds(options.seed), nextKey);
  for (const partner of options.partners ?? []) {
    for (const account of buildAccounts(partner.accounts, nextKey))
      accounts.push({ ...account, partner: partner.id });
  }
  const state: GotoServerState = {
    accounts,
    tokenOwners: new Map([[refreshToken, { partner: 'default', family: 'seed' }]]),
    rotatedOut: new Map(),
    refreshTokenReuse: options.refreshTokenReuse ?? 'invalid_grant',
    refreshReuseGraceMs: options.refreshReuseGraceMs ?? 0,
    refreshes: new Map(),
    refreshTimes: new Map(),
    refusedRefreshes: new Map(),
    partners,
    codeOwners: new Map(),
    clientId: options.clientId ?? 'sim-client-id',
    clientSecret: options.clientSecret ?? 'sim-client-secret',
    refreshTokens: new Set([refreshToken]),
    accessTokens: new Map(),
    codes: new Map(),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    rotateRefreshTokenEvery: options.rotateRefreshTokenEvery ?? 0,
    tokenRequests: 0,
    principal: 'admin@msp.example',
    now: options.now ?? Date.now,
    nextKey,
    onAuthFailure: () => {
      host.stats.authFailures += 1;
    },
    createsSent: new Map(),
    existingUserAnswer: options.existingUserAnswer ?? 'reference',
    welcomeEmails: new Map(),
    createRequests: 0,
    licenseKeyFormat: options.licenseKeyFormat ?? 'string',
    seatFields: options.seatFields ?? true,
  };
  const host: SimulatorHost = createSimulatorHost(createGotoRoutes(state), {
    // GoTo limits each API to 10 requests per second; the token endpoint is another service.
    rateLimit: {
      perSecond: 10,
      path: /^\/admin\/rest\/v1\//,
      body: { incidentId: 'sim-rate', errors: [{ code: 'too.many.requests' }] },
    },
    faultBody: (status) => ({ incidentId: `sim-${status}`, errors: [{ code: `simulated.${status}` }] }),
    ...options.host,
  });
  const apiOrigin = options.apiOrigin ?? 'https://api.getgo.com';
  const authOrigin = options.authOrigin ?? 'https://authentication.logmeininc.com';
  const optionsFor = (api: string, auth: string): GoToFakeClientOptions => ({
    auth: { clientId: state.clientId, clientSecret: state.clientSecret, refreshToken },
    apiBaseUrl: `${api}/admin/rest/v1`,
    authBaseUrl: auth,
  });
  return {
    mswRoutes: [
      { method: 'all', url: `${apiOrigin}/admin/rest/v1/*` },
      { method: 'post', url: `${authOrigin}/oauth/token` },
    ],
    handle: (request) => host.handle(request),
    options: optionsFor(apiOrigin, authOrigin),
    state,
    host,
    account: (name) => state.accounts.find((account) => account.name === name),
    users: (accountKey) =>
      (state.accounts.find((account) => account.key === accountKey)?.users ?? []).map(
        ({ key, email, firstName, lastName, licenseKeys, welcomeEmailSent }) => ({
          key,
          email,
          firstName,
          lastName,
          licenseKeys: [...licenseKeys],
          welcomeEmailSent,
        }),
      ),
    expireAccessTokens() {
      for (const token of state.accessTokens.keys()) state.accessTokens.set(token, 0);
    },
    addAuthorizationCode(code, redirectUri, partner = 'default') {
      state.codes.set(code, redirectUri);
      state.codeOwners.set(code, { partner });
    },
    consent(authorizationUrl, answer) {
      const url = new URL(authorizationUrl);
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      if (url.searchParams.get('client_id') !== state.clientId || !/^https?:\/\//.test(redirectUri)) {
        throw new Error('GoTo would refuse this authorization request: unknown client id or no redirect URI');
      }
      if (!partners.includes(answer.partner))
        throw new Error(`no partner "${answer.partner}" in this simulator`);
      const back = new URL(redirectUri);
      const returned = url.searchParams.get('state');
      if (answer.approve) {
        const code = `sim-code-${nextKey()}`;
        const challenge = url.searchParams.get('code_challenge') ?? undefined;
        state.codes.set(code, redirectUri);
        state.codeOwners.set(code, { partner: answer.partner, ...(challenge ? { challenge } : {}) });
        back.searchParams.set('code', code);
      } else {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user denied the request');
      }
      if (returned !== null) back.searchParams.set('state', returned);
      return back.toString();
    },
    refreshTokenFor(partner) {
      if (!partners.includes(partner)) throw new Error(`no partner "${partner}" in this simulator`);
      const token = `sim-refresh-${nextKey()}`;
      state.refreshTokens.add(token);
      state.tokenOwners.set(token, { partner, family: `seed-${token}` });
      return token;
    },
    async listen(listenOptions) {
      const server = await serveOnLoopback((request) => host.handle(request), listenOptions);
      const clientOptions = optionsFor(server.url, server.url);
      return runningSimulator(server, clientOptions.auth, clientOptions);
    },
  };
}
