/**
 * The HaloPSA payloads psa-bridge reads, as zod schemas: only the fields it uses are checked,
 * the rest (Halo's records carry well over a hundred) pass through untouched. Field names are
 * those of Halo's API as the public clients show them.
 * @see https://github.com/n8n-io/n8n (packages/nodes-base/nodes/HaloPSA/descriptions/data/clientFields.json and userFields.json, from Halo's Swagger document)
 * @see https://github.com/panoramicdata/Halo.Api (Halo.Api/Models/Clients/Client.cs, Users/User.cs)
 */
import { z } from 'zod';

const text = z.string().nullish();
const id = z.number().int().nonnegative();

/** `GET /api/authinfo`: where the authorization server is, and the tenant of a hosted instance. */
export const authInfoWire = z.looseObject({
  auth_url: z.string().nullish(),
  tenant_id: z.union([z.string(), z.number()]).nullish(),
});

/** The token endpoint's answer (OAuth 2 client credentials). */
export const tokenWire = z.looseObject({
  access_token: z
    .string()
    .min(1)
    .regex(/^[\x21-\x7e]+$/, 'is not a bearer token'),
  token_type: z.string().nullish(),
  expires_in: z.number().positive().nullish(),
});

/** One client (a customer company) as `GET /api/client` lists it. */
export const clientWire = z.looseObject({
  id,
  name: z.string(),
  inactive: z.boolean().nullish(),
  toplevel_id: id.nullish(),
  toplevel_name: text,
  website: text,
});

/** One user (a customer contact) as `GET /api/users` lists it. */
export const userWire = z.looseObject({
  id,
  name: text,
  firstname: text,
  surname: text,
  emailaddress: text,
  email2: text,
  email3: text,
  inactive: z.boolean().nullish(),
  client_id: id.nullish(),
});

const recordCount = z.number().int().nonnegative();

/** A page of a listing as the client reads it: the total, and the records (parsed one by one later). */
export interface PageWire {
  readonly recordCount: number;
  readonly records: readonly unknown[];
}

/** Pages of `GET /api/client` (`{ record_count, clients }`) and `GET /api/users` (`{ record_count, users }`). */
export const pageWires: Readonly<Record<'clients' | 'users', z.ZodType<PageWire>>> = {
  clients: z
    .looseObject({ record_count: recordCount, clients: z.array(z.unknown()) })
    .transform((page) => ({ recordCount: page.record_count, records: page.clients })),
  users: z
    .looseObject({ record_count: recordCount, users: z.array(z.unknown()) })
    .transform((page) => ({ recordCount: page.record_count, records: page.users })),
};

/** Parsed client. */
export type ClientWire = z.infer<typeof clientWire>;
/** Parsed user. */
export type UserWire = z.infer<typeof userWire>;
