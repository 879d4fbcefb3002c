import { basicCredentials, isWellFormedText, parseEmailAddress } from '@psa-bridge/core/adapter';
import { emailKey } from '@psa-bridge/core/email';
import { json } from '@psa-bridge/core/testing';
import { GOTO_EMAIL_LIMIT, GOTO_NAME_LIMIT } from '../create-users.js';
import { type SimulatedGotoAccount, type SimulatedGotoUser, seatsUsed } from './goto-data.js';

/** What the GoTo simulator's routes read and change. */
export interface GotoServerState {
  /** Accounts with their licenses and users. */
  readonly accounts: SimulatedGotoAccount[];
  /** The OAuth client the token endpoint accepts. */
  readonly clientId: string;
  /** Its secret. */
  readonly clientSecret: string;
  /** Refresh tokens that are valid now. */
  readonly refreshTokens: Set<string>;
  /** Whose each token (refresh or access) is: the partner, and the consent (family) it came from. */
  readonly tokenOwners: Map<string, { readonly partner: string; readonly family: string }>;
  /** Refresh tokens rotated out, with what replaced them and when (for reuse detection). */
  readonly rotatedOut: Map<string, { readonly at: number; readonly answer: unknown }>;
  /**
   * What a rotated-out refresh token gets: `invalid_grant`, or (OAuth 2.1's advice) the whole
   * family of that consent revoked too. @default 'invalid_grant'
   */
  refreshTokenReuse: 'invalid_grant' | 'revoke-family';
  /**
   * For this long after a rotation, the old refresh token is answered again with the same new
   * tokens (as authorization servers with a reuse interval do). @default 0 (never)
   */
  refreshReuseGraceMs: number;
  /** Successful refreshes, by partner (answers repeated within the reuse interval not counted). */
  readonly refreshes: Map<string, number>;
  /** When each of those refreshes was granted (ms since the epoch), by partner. */
  readonly refreshTimes: Map<string, number[]>;
  /** Refreshes refused with `invalid_grant`, by partner. */
  readonly refusedRefreshes: Map<string, number>;
  /** Partners, by id; the first one owns accounts without a partner. */
  readonly partners: readonly string[];
  /** Who each authorization code is for, and its PKCE challenge when one was sent. */
  readonly codeOwners: Map<string, { readonly partner: string; readonly challenge?: string }>;
  /** Access tokens and when they expire (ms since the epoch). */
  readonly accessTokens: Map<string, number>;
  /** Authorization codes waiting to be exchanged, with their redirect URI. */
  readonly codes: Map<string, string>;
  /** Lifetime of an access token, in seconds. */
  accessTokenTtlSeconds: number;
  /** Hand out a new refresh token on every n-th refresh (0: never rotate). */
  rotateRefreshTokenEvery: number;
  /** Token requests answered, granted or not. */
  tokenRequests: number;
  /** The admin the tokens belong to. */
  readonly principal: string;
  /** Current time, ms since the epoch. */
  readonly now: () => number;
  /** Makes a new key. */
  readonly nextKey: () => string;
  /** Counts a request refused for its credentials. */
  onAuthFailure(): void;
  /** How a create answers for an email GoTo already holds: see {@link ExistingUserAnswer}. */
  existingUserAnswer: ExistingUserAnswer;
  /** Welcome emails sent, by email identity: never more than one per user. */
  readonly welcomeEmails: Map<string, number>;
  /** Create requests that reached the simulator (retries included). */
  createRequests: number;
  /**
   * How many create requests carried each email identity, answered or refused: more than one
   * for an email means a runner sent it again (exactly-once tests count these).
   */
  readonly createsSent: Map<string, number>;
  /**
   * How license keys go out: as JSON strings (every recorded answer) or bare integers (one
   * documentation example). Unconfirmed, so tests run both. @default 'string'
   */
  licenseKeyFormat: 'string' | 'number';
  /** Whether licenses carry seat counts (`seats`, `remaining`): no public sample shows them. @default true */
  seatFields: boolean;
}

/**
 * How a create answers for an email GoTo already holds:
 * - `reference` (GoTo's developer reference): the `allOrNothing` query parameter decides;
 *   `true` (its default) refuses the whole request with 409 `user.name.conflict`, `false` answers
 *   200 and lists each conflicting email without a `key`;
 * - `listed`: a 2xx listing it with its key among the new ones (GoTo Connect's guide);
 * - `conflict`: always a 409 for the whole request (public client code), whatever is asked.
 */
export type ExistingUserAnswer = 'reference' | 'listed' | 'conflict';

let incident = 0;
/** GoTo's error body: `{incidentId, errors: [{code, value}]}`. */
const errors = (status: number, code: string, value?: string): Response => {
  incident += 1;
  return json(
    { incidentId: `sim-${incident}`, errors: [{ code, ...(value === undefined ? {} : { value }) }] },
    status,
  );
};

/** JSON whose license keys marked `#bare#` go out as bare integers, as one GoTo example shows them. */
function jsonWithBareLicenseKeys(body: unknown): Response {
  const text = JSON.stringify(body).replace(/"#bare#(\d+)"/g, '$1');
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** Statuses seen in recorded answers; a seeded user gets one by its position. */
const STATUSES = ['ACTIVE', 'INVITED', 'ACTIVE', 'SUSPENDED', 'ACTIVE', 'INACTIVE'] as const;

const publicUser = ({ welcomeEmailSent, status, ...user }: SimulatedGotoUser, index = 0) => ({
  ...user,
  locale: 'en_US',
  timeZone: 'UTC',
  // A new user is invited until they set a password; seeded users show every recorded status.
  status: status ?? STATUSES[index % STATUSES.length],
  products: [] as string[],
});

/** Whether a PKCE verifier matches the challenge sent with the authorization request (S256). */
async function pkceHolds(challenge: string | undefined, verifier: string | null): Promise<boolean> {
  if (challenge === undefined) return true;
  if (!verifier) return false;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') === challenge;
}

/** The GoTo simulator's request handling: the token endpoint and the Admin API. */
export function createGotoRoutes(state: GotoServerState): (request: Request) => Promise<Response> {
  /**
   * Each account's users by email identity, rebuilt when its user list changes, so a create of
   * thousands of users does not compare every pair.
   */
  const indexes = new WeakMap<
    SimulatedGotoAccount,
    { size: number; list: unknown; byKey: Map<string, SimulatedGotoUser> }
  >();
  const userByKey = (
    account: SimulatedGotoAccount,
    key: string | undefined,
  ): SimulatedGotoUser | undefined => {
    let index = indexes.get(account);
    if (!index || index.list !== account.users || index.size !== account.users.length) {
      const byKey = new Map<string, SimulatedGotoUser>();
      for (const user of account.users) {
        const userKey = emailKey(user.email);
        if (userKey !== undefined && !byKey.has(userKey)) byKey.set(userKey, user);
      }
      index = { size: account.users.length, list: account.users, byKey };
      indexes.set(account, index);
    }
    return key === undefined ? undefined : index.byKey.get(key);
  };
  const issue = (rotate: boolean, owner: { partner: string; family: string }, refreshToken?: string) => {
    const accessToken = `sim-access-${state.nextKey()}`;
    state.accessTokens.set(accessToken, state.now() + state.accessTokenTtlSeconds * 1000);
    state.tokenOwners.set(accessToken, owner);
    let newRefresh: string | undefined;
    if (rotate) {
      newRefresh = `sim-refresh-${state.nextKey()}`;
      state.refreshTokens.add(newRefresh);
      state.tokenOwners.set(newRefresh, owner);
    }
    const answer = {
      access_token: accessToken,
      token_type: 'Bearer',
      ...(newRefresh ? { refresh_token: newRefresh } : {}),
      expires_in: state.accessTokenTtlSeconds,
      scope: 'identity:',
      principal: principalOf(owner.partner),
    };
    if (newRefresh && refreshToken) {
      state.refreshTokens.delete(refreshToken);
      state.rotatedOut.set(refreshToken, { at: state.now(), answer });
    }
    return json(answer);
  };
  const principalOf = (partner: string): string =>
    partner === state.partners[0] ? state.principal : `admin@${partner}.example`;
  const count = (map: Map<string, number>, partner: string) => map.set(partner, (map.get(partner) ?? 0) + 1);
  /** A rotated-out refresh token: the same answer within the grace period, else refused (and the family revoked). */
  const reused = (refreshToken: string): Response | undefined => {
    const rotated = state.rotatedOut.get(refreshToken);
    const owner = state.tokenOwners.get(refreshToken);
    if (!rotated || !owner) return undefined;
    if (state.now() - rotated.at <= state.refreshReuseGraceMs) return json(rotated.answer);
    if (state.refreshTokenReuse === 'revoke-family') {
      for (const [token, other] of state.tokenOwners) {
        if (other.family !== owner.family) continue;
        state.refreshTokens.delete(token);
        if (state.accessTokens.has(token)) state.accessTokens.set(token, 0);
      }
    }
    count(state.refusedRefreshes, owner.partner);
    state.onAuthFailure();
    return json({ error: 'invalid_grant', error_description: 'Refresh token was already used' }, 400);
  };

  const token = async (request: Request): Promise<Response> => {
    state.tokenRequests += 1;
    const expected = `Basic ${basicCredentials(state.clientId, state.clientSecret)}`;
    if (request.headers.get('authorization') !== expected) {
      state.onAuthFailure();
      return json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401);
    }
    const form = new URLSearchParams(await request.text());
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      const owner = state.tokenOwners.get(refreshToken) ?? {
        partner: state.partners[0] ?? 'default',
        family: 'seed',
      };
      if (!state.refreshTokens.has(refreshToken)) {
        const again = reused(refreshToken);
        if (again) return again;
        state.onAuthFailure();
        return json({ error: 'invalid_grant', error_description: 'Invalid refresh token' }, 400);
      }
      const rotate =
        state.rotateRefreshTokenEvery > 0 && state.tokenRequests % state.rotateRefreshTokenEvery === 0;
      count(state.refreshes, owner.partner);
      state.refreshTimes.set(owner.partner, [...(state.refreshTimes.get(owner.partner) ?? []), state.now()]);
      return issue(rotate, owner, refreshToken);
    }
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const owner = state.codeOwners.get(code);
      const verifier = form.get('code_verifier');
      if (
        state.codes.get(code) !== form.get('redirect_uri') ||
        !(await pkceHolds(owner?.challenge, verifier))
      ) {
        state.onAuthFailure();
        return json({ error: 'invalid_grant', error_description: 'Invalid authorization code' }, 400);
      }
      state.codes.delete(code);
      state.codeOwners.delete(code);
      return issue(true, {
        partner: owner?.partner ?? state.partners[0] ?? 'default',
        family: `consent-${code}`,
      });
    }
    return json({ error: 'unsupported_grant_type' }, 400);
  };

  const createUsers = (account: SimulatedGotoAccount, body: unknown, url: URL): Response => {
    // GoTo's reference: allOrNothing defaults to true; only an explicit false lists conflicts.
    const allOrNothing = url.searchParams.get('allOrNothing')?.toLowerCase() !== 'false';
    const answer = state.existingUserAnswer;
    const conflictRefusesAll = answer === 'conflict' || (answer === 'reference' && allOrNothing);
    const conflicts = new Set<string | undefined>();
    const {
      users = [],
      licenseKeys = [],
      suppressEmail = false,
    } = (body ?? {}) as {
      users?: { email: string; firstName: string; lastName: string }[];
      licenseKeys?: string[];
      suppressEmail?: boolean;
    };
    state.createRequests += 1;
    for (const user of users) {
      const sentKey = emailKey(String(user?.email ?? '')) ?? String(user?.email);
      state.createsSent.set(sentKey, (state.createsSent.get(sentKey) ?? 0) + 1);
    }
    const fresh: typeof users = [];
    for (const user of users) {
      let email: string;
      try {
        email = parseEmailAddress(user.email).normalized;
      } catch {
        return errors(400, 'user.email.invalid', user.email);
      }
      if (email.length > GOTO_EMAIL_LIMIT) return errors(400, 'user.email.invalid', user.email);
      for (const name of [user.firstName, user.lastName]) {
        // Modelled on the Admin Center's limit of 32 characters; the API's own behaviour is unconfirmed.
        if (!name || name.length > GOTO_NAME_LIMIT || !isWellFormedText(name))
          return errors(400, 'user.name.invalid', name);
      }
      const key = emailKey(email);
      const elsewhere = state.accounts.some(
        (other) => other !== account && userByKey(other, key) !== undefined,
      );
      const here = userByKey(account, key) !== undefined;
      if (elsewhere || (here && answer !== 'listed')) {
        if (conflictRefusesAll || (elsewhere && answer === 'listed'))
          return errors(409, 'user.name.conflict', user.email);
        conflicts.add(key);
        continue;
      }
      if (!here && !fresh.some((other) => emailKey(other.email) === key)) fresh.push({ ...user, email });
    }
    for (const key of licenseKeys) {
      const license = account.licenses.find((candidate) => candidate.key === key);
      if (!license) return errors(400, 'license.not.found', key);
      // Seat exhaustion refuses the whole request (GoTo's code for it is unconfirmed).
      if (license.seats !== undefined && seatsUsed(account, key) + fresh.length > license.seats) {
        return errors(409, 'license.seats.exceeded', key);
      }
    }
    for (const user of fresh) {
      account.users.push({
        key: state.nextKey(),
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        licenseKeys: [...licenseKeys],
        adminRoles: [],
        welcomeEmailSent: !suppressEmail,
        status: 'INVITED',
      });
      if (!suppressEmail) {
        const key = emailKey(user.email) ?? user.email;
        state.welcomeEmails.set(key, (state.welcomeEmails.get(key) ?? 0) + 1);
      }
    }
    // Every user asked for comes back: existing ones with their key (`listed`), conflicting ones
    // without one (`reference` with allOrNothing=false).
    return json(
      users.map((user) => {
        const key = emailKey(user.email);
        if (conflicts.has(key)) return { email: user.email };
        const match = userByKey(account, key);
        return { key: match?.key ?? '', email: user.email };
      }),
      answer === 'reference' ? 200 : 201,
    );
  };

  const updateUser = (account: SimulatedGotoAccount, user: SimulatedGotoUser, body: unknown): Response => {
    const { licenseKeys } = (body ?? {}) as { licenseKeys?: string[] };
    if (licenseKeys) {
      for (const key of licenseKeys.filter((candidate) => !user.licenseKeys.includes(candidate))) {
        const license = account.licenses.find((candidate) => candidate.key === key);
        if (!license) return errors(400, 'license.not.found', key);
        if (license.seats !== undefined && seatsUsed(account, key) + 1 > license.seats) {
          return errors(409, 'license.seats.exceeded', key);
        }
      }
      // PUT replaces the list (whether GoTo replaces or adds is unconfirmed; replacing is the safe model).
      user.licenseKeys = [...licenseKeys];
    }
    return new Response(null, { status: 204 });
  };

  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/oauth/token' && request.method === 'POST') return token(request);
    const path = url.pathname.replace(/^\/admin\/rest\/v1/, '');
    if (path === url.pathname) return errors(404, 'not.found');
    const bearer = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const expiresAt = state.accessTokens.get(bearer);
    if (expiresAt === undefined || expiresAt <= state.now()) {
      state.onAuthFailure();
      return errors(401, 'not.authenticated');
    }
    const partner = state.tokenOwners.get(bearer)?.partner ?? state.partners[0];
    const mine = state.accounts.filter((account) => (account.partner ?? state.partners[0]) === partner);
    if (path === '/me' && request.method === 'GET') {
      const first = mine[0];
      return json({
        key: '6581286685341855244',
        accountKey: first?.key,
        email: principalOf(partner ?? ''),
        firstName: 'Ada',
        lastName: 'Admin',
        locale: 'en_US',
        adminRoles: ['SUPER_USER'],
        accounts: mine.map(({ key, name }) => ({ key, name })),
      });
    }
    const match = /^\/accounts\/([^/]+)(\/.*)?$/.exec(path);
    // Another partner's account is refused like one that does not exist for this admin.
    const account = mine.find((candidate) => candidate.key === decodeURIComponent(match?.[1] ?? ''));
    if (!match || !account) return errors(match ? 403 : 404, match ? 'account.access.denied' : 'not.found');
    const rest = match[2] ?? '';
    const body = request.method === 'GET' ? undefined : await request.json().catch(() => undefined);
    if (rest === '/licenses' && request.method === 'GET') {
      return jsonWithBareLicenseKeys({
        results: account.licenses.map((license) => ({
          key: state.licenseKeyFormat === 'number' ? `#bare#${license.key}` : license.key,
          name: license.name,
          products: license.products,
          ...(license.seats === undefined || !state.seatFields
            ? {}
            : { seats: license.seats, remaining: license.seats - seatsUsed(account, license.key) }),
          enabled: true,
        })),
      });
    }
    if (rest === '/users' && request.method === 'GET') {
      const filter = url.searchParams.get('filter');
      const byEmail = filter ? /^email eq "([^"]*)"$/i.exec(filter) : null;
      if (filter && !byEmail) return errors(400, 'filter.invalid', filter);
      const wanted = byEmail ? emailKey(byEmail[1] ?? '') : undefined;
      const matching = byEmail
        ? account.users.filter((user) => emailKey(user.email) === wanted)
        : account.users;
      const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0));
      const size = Math.min(1000, Math.max(1, Number(url.searchParams.get('pageSize') ?? 20)));
      const results = matching
        .slice(offset, offset + size)
        .map((user, index) => publicUser(user, offset + index));
      // toIndex is exclusive: a recorded answer of 14 users says 0 -> 14.
      return json({ results, fromIndex: offset, toIndex: offset + results.length, total: matching.length });
    }
    if (rest === '/users' && request.method === 'POST') return createUsers(account, body, url);
    const userMatch = /^\/users\/([^/]+)$/.exec(rest);
    if (userMatch) {
      const user = account.users.find(
        (candidate) => candidate.key === decodeURIComponent(userMatch[1] ?? ''),
      );
      if (!user) return errors(404, 'user.not.found', userMatch[1]);
      if (request.method === 'GET') return json(publicUser(user, account.users.indexOf(user)));
      if (request.method === 'PUT') return updateUser(account, user, body);
    }
    return errors(404, 'not.found');
  };
}
