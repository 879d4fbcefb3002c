import type { CallOptions, GotoAccount, GotoClient, GotoUser, License } from '@psa-bridge/core';
import {
  callSettings,
  type HttpClient,
  paginate,
  sendVendorRequest,
  type VendorPage,
} from '@psa-bridge/core/adapter';
import { emailKey } from '@psa-bridge/core/email';
import { createUsersOnce } from './create-users.js';
import { licensesWire, meWire, type UserWire, usersPageWire, userWire } from './wire/schemas.js';

/** What the client needs from the `goto()` factory. */
export interface GotoClientContext {
  /** Paced, authenticated transport for the Admin API. */
  readonly http: HttpClient;
  /** `https://api.getgo.com/admin/rest/v1`. */
  readonly apiBaseUrl: string;
  /** Users per page when listing. */
  readonly pageSize: number;
  /** Users per create request. */
  readonly createBatchSize: number;
  /** GoTo's `allOrNothing` on create requests (see `GotoOptions.allOrNothing`). */
  readonly allOrNothing: boolean;
  /** Most pages one users listing reads. */
  readonly maxPages?: number | undefined;
}

/** A GoTo user as a core {@link GotoUser}; no admin roles means the member role. */
export function toGotoUser(wire: UserWire): GotoUser {
  const firstName = wire.firstName?.trim();
  const lastName = wire.lastName?.trim();
  return {
    key: wire.key,
    email: wire.email,
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    licenseKeys: wire.licenseKeys ?? [],
    role: wire.adminRoles?.length ? 'admin' : 'member',
  };
}

/** Emails the `filter=email eq "…"` syntax can carry without escaping (none is documented). */
const FILTERABLE = /^[^"\\\s]+$/;
/** Up to this many emails are looked up one by one without first asking how many users there are. */
const SMALL_LOOKUP = 5;

/** Builds the `GotoClient` over the Admin API. */
export function createGotoClient(context: GotoClientContext): GotoClient {
  const { http, apiBaseUrl, pageSize } = context;
  const accountPath = (key: string): string => `${apiBaseUrl}/accounts/${encodeURIComponent(key)}`;

  const usersPage = async (accountKey: string, offset: number, size: number, call: CallOptions) => {
    const { data } = await http.request({
      method: 'GET',
      path: `${accountPath(accountKey)}/users`,
      query: { offset, pageSize: size },
      schema: usersPageWire,
      ...callSettings(call),
    });
    return data;
  };

  const listUsers = (accountKey: string, call: CallOptions, first?: VendorPage<GotoUser, number>) =>
    paginate<GotoUser, number>(
      0,
      async (offset, pageSignal) => {
        if (offset === 0 && first) return first;
        const page = await usersPage(accountKey, offset, pageSize, { ...call, signal: pageSignal });
        const next = offset + page.results.length;
        return { items: page.results.map(toGotoUser), next: next < page.total ? next : undefined };
      },
      {
        signal: call.signal,
        service: 'GoTo',
        operation: `the users of account ${accountKey}`,
        maxPages: context.maxPages,
      },
    );

  const lookupOne = async (accountKey: string, email: string, call: CallOptions) => {
    const { data } = await http.request({
      method: 'GET',
      path: `${accountPath(accountKey)}/users`,
      query: { filter: `email eq "${email}"`, pageSize: 1 },
      schema: usersPageWire,
      ...callSettings(call),
    });
    const key = emailKey(email);
    const match = data.results.find((user) => emailKey(user.email) === key);
    return match ? toGotoUser(match) : undefined;
  };

  const client: GotoClient = {
    request: (request, call = {}) =>
      sendVendorRequest({ service: 'GoTo', http, base: () => apiBaseUrl, readOnly: false }, request, call),
    async listAccounts(call = {}): Promise<readonly GotoAccount[]> {
      const { data } = await http.request({
        method: 'GET',
        path: `${apiBaseUrl}/me`,
        schema: meWire,
        ...callSettings(call),
      });
      return data.accounts.map(({ key, name }) => ({ key, name }));
    },

    async listLicenses(accountKey, call = {}): Promise<readonly License[]> {
      const { data } = await http.request({
        method: 'GET',
        path: `${accountPath(accountKey)}/licenses`,
        schema: licensesWire,
        ...callSettings(call),
      });
      return data.results.map((license) => ({
        key: license.key,
        ...(license.name ? { name: license.name } : {}),
        products: license.products ?? [],
        ...(typeof license.seats === 'number' && typeof license.remaining === 'number'
          ? { seats: { total: license.seats, available: license.remaining } }
          : {}),
      }));
    },

    listUsers: (accountKey, call = {}) => listUsers(accountKey, call),

    /**
     * One filtered request per email, or one listing of every user when that takes fewer
     * requests (a large import): the first page tells how many users there are.
     */
    async findUsersByEmail(accountKey, emails, call = {}) {
      // One lookup per email identity; the answer is keyed by emailKey (letter case and
      // needless quotes never make one user look like two).
      const wanted = new Map<string, string>();
      for (const email of emails) {
        const key = emailKey(email);
        if (key !== undefined && !wanted.has(key)) wanted.set(key, email.trim());
      }
      const found = new Map<string, GotoUser>();
      if (wanted.size === 0) return found;
      const filterable = [...wanted.values()].every((email) => FILTERABLE.test(email));
      const lookUpEach = async () => {
        const users = await Promise.all(
          [...wanted.values()].map((email) => lookupOne(accountKey, email, call)),
        );
        for (const user of users) if (user) found.set(emailKey(user.email) ?? user.email, user);
        return found;
      };
      if (filterable && wanted.size <= SMALL_LOOKUP) return lookUpEach();
      const firstPage = await usersPage(accountKey, 0, pageSize, call);
      const pagesNeeded = Math.ceil(firstPage.total / pageSize);
      if (filterable && wanted.size < pagesNeeded) return lookUpEach();
      const next = firstPage.results.length < firstPage.total ? firstPage.results.length : undefined;
      const first = { items: firstPage.results.map(toGotoUser), next };
      for await (const user of listUsers(accountKey, call, first)) {
        const key = emailKey(user.email);
        if (key !== undefined && wanted.has(key)) found.set(key, user);
      }
      return found;
    },

    createUsers: (accountKey, users, call) =>
      createUsersOnce(
        {
          http,
          accountPath: accountPath(accountKey),
          batchSize: context.createBatchSize,
          allOrNothing: context.allOrNothing,
          findByEmail: (emails, lookup) => client.findUsersByEmail(accountKey, emails, lookup),
        },
        users,
        call,
      ),

    /** Reads the user, then PUTs the union of its licenses and the new ones (PUT may replace). */
    async assignLicenses(accountKey, userKey, licenseKeys, call = {}) {
      const path = `${accountPath(accountKey)}/users/${encodeURIComponent(userKey)}`;
      const { data } = await http.request({ method: 'GET', path, schema: userWire, ...callSettings(call) });
      const user = toGotoUser(data);
      const added = licenseKeys.filter((key) => !user.licenseKeys.includes(key));
      if (added.length === 0) return user;
      const all = [...user.licenseKeys, ...added];
      await http.request({ method: 'PUT', path, json: { licenseKeys: all }, ...callSettings(call) });
      return { ...user, licenseKeys: all };
    },
  };
  return client;
}
