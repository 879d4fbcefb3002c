import { z } from 'zod';

/**
 * Zod schemas of the GoTo Admin API payloads psa-bridge reads. Keys may arrive as strings or
 * as long integers; the client parses bodies losslessly, so both end up as digit strings.
 * @see https://developer.goto.com/guides/GoToConnect/10_HOW_manageAccountUsers
 */

/** A GoTo key, always returned as a string. */
export const keyWire = z.union([z.string().min(1), z.number().int()]).transform(String);

/** `GET /me`: the admin and the accounts it manages. */
export const meWire = z.object({
  key: keyWire.nullish(),
  email: z.string().nullish(),
  accounts: z.array(z.object({ key: keyWire, name: z.string() })),
});

/** A user of an account. */
export const userWire = z.object({
  key: keyWire,
  email: z.string(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  licenseKeys: z.array(keyWire).nullish(),
  adminRoles: z.array(z.string()).nullish(),
});

/** `GET /accounts/{k}/users`: offset paging. */
export const usersPageWire = z.object({
  results: z.array(userWire),
  fromIndex: z.number().nullish(),
  toIndex: z.number().nullish(),
  total: z.number().int().nonnegative(),
});

/** `GET /accounts/{k}/licenses`. Seat fields are not confirmed for the public API: all optional. */
export const licensesWire = z.object({
  results: z.array(
    z.object({
      key: keyWire,
      name: z.string().nullish(),
      products: z.array(z.string()).nullish(),
      seats: z.number().int().nullish(),
      remaining: z.number().int().nullish(),
      enabled: z.boolean().nullish(),
    }),
  ),
});

/** `POST /accounts/{k}/users`: `{key, email}` for every user asked for, existing ones included. */
/**
 * The answer to a create: `{key, email}` per user asked for. With `allOrNothing=false`, GoTo's
 * reference lists a conflicting email without a `key` (read here as absent, like an empty one).
 */
export const createdUsersWire = z.array(
  z.object({
    key: z
      .union([z.string(), z.number().int()])
      .nullish()
      .transform((key) => (key === null || key === undefined || key === '' ? undefined : String(key))),
    email: z.string(),
  }),
);

/** A parsed user. */
export type UserWire = z.infer<typeof userWire>;
