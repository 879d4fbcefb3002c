import { z } from 'zod';
import type { GotoClient } from '../../contracts/goto-client.js';
import type { ConnectOptions } from '../../contracts/psa-provider.js';
import { emailKey } from '../../email/email-key.js';
import { createHttpClient, type RetryOptions } from '../../http/create-http-client.js';
import { paginate } from '../../pagination/paginate.js';

const userSchema = z.object({
  key: z.string(),
  email: z.string(),
  firstName: z.string().exactOptional(),
  lastName: z.string().exactOptional(),
  licenseKeys: z.array(z.string()),
  role: z.enum(['member', 'admin']),
});
const licenseSchema = z.object({
  key: z.string(),
  name: z.string().exactOptional(),
  products: z.array(z.string()),
  seats: z.object({ total: z.number(), available: z.number() }).exactOptional(),
});
const outcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('created'),
    email: z.string(),
    user: userSchema,
    warnings: z.array(z.string()),
  }),
  z.object({
    status: z.literal('existing'),
    email: z.string(),
    user: userSchema,
    warnings: z.array(z.string()),
  }),
  z.object({
    status: z.literal('failed'),
    email: z.string(),
    code: z.string(),
    reason: z.string(),
    retryable: z.boolean().exactOptional(),
  }),
]);

/** Emails per lookup request; keeps URLs short. */
const LOOKUP_BATCH = 50;
/** Users per create request. */
const CREATE_BATCH = 100;

/** Options of {@link createMemoryGotoClient}. */
export interface MemoryGotoClientOptions extends Omit<ConnectOptions, 'signal'> {
  /** The bearer token. */
  readonly accessToken: string;
  /** Base URL of the API. @default https://memory-goto.local */
  readonly baseUrl?: string;
  /** Retry policy. */
  readonly retry?: Partial<RetryOptions>;
}

/** The reference {@link GotoClient} for the in-memory GoTo's API. */
export function createMemoryGotoClient(options: MemoryGotoClientOptions): GotoClient {
  const http = createHttpClient({
    service: 'Memory GoTo',
    baseUrl: options.baseUrl ?? 'https://memory-goto.local',
    authorize: async () => ({ authorization: `Bearer ${options.accessToken}` }),
    secrets: () => [options.accessToken],
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const accountPath = (key: string): string => `/accounts/${encodeURIComponent(key)}`;

  return {
    async listAccounts(call = {}) {
      const schema = z.array(z.object({ key: z.string(), name: z.string() }));
      return (await http.request({ method: 'GET', path: '/accounts', schema, signal: call.signal })).data;
    },
    async listLicenses(accountKey, call = {}) {
      const path = `${accountPath(accountKey)}/licenses`;
      return (
        await http.request({ method: 'GET', path, schema: z.array(licenseSchema), signal: call.signal })
      ).data;
    },
    listUsers(accountKey, call = {}) {
      const schema = z.object({ items: z.array(userSchema), next: z.string().nullable() });
      return paginate(
        '0',
        async (cursor, signal) => {
          const path = `${accountPath(accountKey)}/users`;
          const { data } = await http.request({ method: 'GET', path, query: { cursor }, schema, signal });
          return { items: data.items, next: data.next ?? undefined };
        },
        { signal: call.signal, service: 'Memory GoTo', operation: 'users' },
      );
    },
    async findUsersByEmail(accountKey, emails, call = {}) {
      const found = new Map<string, z.infer<typeof userSchema>>();
      const unique = [
        ...new Set(emails.map((email) => email.trim()).filter((email) => emailKey(email) !== undefined)),
      ];
      for (let i = 0; i < unique.length; i += LOOKUP_BATCH) {
        const batch = unique.slice(i, i + LOOKUP_BATCH);
        const { data } = await http.request({
          method: 'GET',
          path: `${accountPath(accountKey)}/users/lookup`,
          query: { emails: batch.join('\n') },
          schema: z.array(userSchema),
          signal: call.signal,
        });
        for (const user of data) found.set(emailKey(user.email) ?? user.email, user);
      }
      return found;
    },
    async createUsers(accountKey, users, call) {
      const outcomes = [];
      for (let i = 0; i < users.length; i += CREATE_BATCH) {
        const { data } = await http.request({
          method: 'POST',
          path: `${accountPath(accountKey)}/users`,
          json: {
            users: users.slice(i, i + CREATE_BATCH),
            licenseKeys: call.licenseKeys,
            sendWelcomeEmail: call.sendWelcomeEmail,
          },
          schema: z.array(outcomeSchema),
          // Creating is keyed by email and answers `existing` on repeats, so retrying is safe.
          idempotent: true,
          signal: call.signal,
          beforeSend: call.beforeSend,
        });
        outcomes.push(...data);
      }
      return outcomes;
    },
    async assignLicenses(accountKey, userKey, licenseKeys, call = {}) {
      const { data } = await http.request({
        method: 'PUT',
        path: `${accountPath(accountKey)}/users/${encodeURIComponent(userKey)}/licenses`,
        json: { licenseKeys },
        schema: userSchema,
        signal: call.signal,
      });
      return data;
    },
  };
}
