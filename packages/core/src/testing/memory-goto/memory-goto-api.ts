import type { GotoRole, License, NewGotoUser } from '../../contracts/goto-types.js';
import { emailKey } from '../../email/email-key.js';
import { parseEmailAddress } from '../../email/parse-email-address.js';
import { clipText } from '../../text/clip-text.js';
import { type ApiRequest, createInProcessApi, type InProcessApi } from '../in-process-api.js';
import { json } from '../simulator/json-response.js';

/** A user held by the in-memory GoTo. */
export interface MemoryGotoUser {
  /** User key. */
  key: string;
  /** Email address, lower case. */
  email: string;
  /** First name (clipped to 32 characters on create). */
  firstName: string;
  /** Last name (clipped to 32 characters on create). */
  lastName: string;
  /** Licenses assigned. */
  licenseKeys: string[];
  /** Role; users created through the API are members. */
  role: GotoRole;
  /** Whether GoTo sent its welcome email when the user was created. */
  welcomeEmailSent: boolean;
}

/** A license held by the in-memory GoTo; `seats.available` goes down as users get it. */
export interface MemoryGotoLicense extends Omit<License, 'seats'> {
  /** Seat counts; absent when GoTo reports none. */
  seats?: { total: number; available: number };
}

/** An account held by the in-memory GoTo. */
export interface MemoryGotoAccount {
  /** Account key: a digit string past 2^53. */
  key: string;
  /** Account name. */
  name: string;
  /** Licenses of the account. */
  licenses: MemoryGotoLicense[];
  /** Users of the account, in listing order. */
  users: MemoryGotoUser[];
}

/** What the in-memory GoTo holds. */
export interface MemoryGotoData {
  /** Every account the admin can manage. */
  accounts: MemoryGotoAccount[];
}

/** GoTo's limits on names, which it clips. */
export const GOTO_NAME_LIMIT = 32;

/** Options of {@link createMemoryGotoApi}. */
export interface MemoryGotoApiOptions {
  /** The data served. */
  readonly data: MemoryGotoData;
  /** The bearer token that is accepted. */
  readonly accessToken: string;
  /** Users per page. */
  readonly pageSize: number;
  /** Makes a new user key. */
  readonly nextKey: () => string;
}

const notFound = (what: string): Response => json({ message: `${what} not found` }, 404);

/**
 * The in-memory GoTo's HTTP API, served in process, in psa-bridge's own wire format:
 * `GET /accounts`, `/accounts/:key/licenses`, `/accounts/:key/users?cursor=`,
 * `/accounts/:key/users/lookup?emails=`, `POST /accounts/:key/users`,
 * `PUT /accounts/:key/users/:userKey/licenses`; `Authorization: Bearer <token>`.
 */
export function createMemoryGotoApi(options: MemoryGotoApiOptions): InProcessApi {
  const { data } = options;
  const account = (request: ApiRequest) =>
    data.accounts.find((candidate) => candidate.key === request.params.key);
  const publicUser = ({ welcomeEmailSent, ...user }: MemoryGotoUser) => user;

  const takeSeats = (
    target: MemoryGotoAccount,
    licenseKeys: readonly string[],
    count: number,
  ): string | undefined => {
    for (const key of licenseKeys) {
      const license = target.licenses.find((candidate) => candidate.key === key);
      if (!license) return `unknown license ${key}`;
      if (license.seats && license.seats.available < count) return `license ${key} has no free seat`;
    }
    for (const key of licenseKeys) {
      const license = target.licenses.find((candidate) => candidate.key === key);
      if (license?.seats) license.seats.available -= count;
    }
    return undefined;
  };

  const createOne = (
    target: MemoryGotoAccount,
    input: NewGotoUser,
    licenseKeys: string[],
    welcome: boolean,
  ) => {
    let email: string;
    try {
      email = parseEmailAddress(input.email).normalized;
    } catch (error) {
      return { email: input.email, status: 'failed', code: 'VALIDATION', reason: (error as Error).message };
    }
    const existing = target.users.find((user) => emailKey(user.email) === emailKey(email));
    if (existing) return { email: input.email, status: 'existing', user: publicUser(existing), warnings: [] };
    const refused = takeSeats(target, licenseKeys, 1);
    if (refused)
      return { email: input.email, status: 'failed', code: 'CONFLICT', reason: refused, retryable: true };
    const warnings: string[] = [];
    const clip = (field: string, value: string): string => {
      const clipped = clipText(value, GOTO_NAME_LIMIT);
      if (clipped !== value) warnings.push(`${field} clipped to ${GOTO_NAME_LIMIT} characters`);
      return clipped;
    };
    const user: MemoryGotoUser = {
      key: options.nextKey(),
      email,
      firstName: clip('firstName', input.firstName),
      lastName: clip('lastName', input.lastName),
      licenseKeys: [...licenseKeys],
      role: 'member',
      welcomeEmailSent: welcome,
    };
    target.users.push(user);
    return { email: input.email, status: 'created', user: publicUser(user), warnings };
  };

  return createInProcessApi(
    [
      {
        method: 'GET',
        path: '/accounts',
        handle: () => json(data.accounts.map(({ key, name }) => ({ key, name }))),
      },
      {
        method: 'GET',
        path: '/accounts/:key/licenses',
        handle: (request) => {
          const target = account(request);
          return target ? json(target.licenses) : notFound('account');
        },
      },
      {
        method: 'GET',
        path: '/accounts/:key/users',
        handle(request) {
          const target = account(request);
          if (!target) return notFound('account');
          const start = Number(request.url.searchParams.get('cursor') ?? '0');
          const items = target.users.slice(start, start + options.pageSize).map(publicUser);
          const next =
            start + options.pageSize < target.users.length ? String(start + options.pageSize) : null;
          return json({ items, next });
        },
      },
      {
        method: 'GET',
        path: '/accounts/:key/users/lookup',
        handle(request) {
          const target = account(request);
          if (!target) return notFound('account');
          const wanted = new Set((request.url.searchParams.get('emails') ?? '').split('\n').map(emailKey));
          return json(target.users.filter((user) => wanted.has(emailKey(user.email))).map(publicUser));
        },
      },
      {
        method: 'POST',
        path: '/accounts/:key/users',
        handle(request) {
          const target = account(request);
          if (!target) return notFound('account');
          const body = request.body as {
            users: NewGotoUser[];
            licenseKeys: string[];
            sendWelcomeEmail: boolean;
          };
          return json(
            body.users.map((user) => createOne(target, user, body.licenseKeys, body.sendWelcomeEmail)),
          );
        },
      },
      {
        method: 'PUT',
        path: '/accounts/:key/users/:userKey/licenses',
        handle(request) {
          const target = account(request);
          const user = target?.users.find((candidate) => candidate.key === request.params.userKey);
          if (!target || !user) return notFound('user');
          const added = (request.body as { licenseKeys: string[] }).licenseKeys.filter(
            (key) => !user.licenseKeys.includes(key),
          );
          const refused = takeSeats(target, added, 1);
          if (refused) return json({ message: refused }, 409);
          user.licenseKeys.push(...added);
          return json(publicUser(user));
        },
      },
    ],
    (request) =>
      request.headers.get('authorization') === `Bearer ${options.accessToken}`
        ? undefined
        : json({ message: 'invalid access token' }, 401),
  );
}
