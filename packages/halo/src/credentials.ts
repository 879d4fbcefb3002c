import { isSafeServiceUrl } from '@psa-bridge/core/adapter';
import { z } from 'zod';

/** Printable ASCII without spaces: what a client id, tenant or scope word may hold. */
const PRINTABLE = /^[\x21-\x7e]+$/;

const serviceUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => isSafeServiceUrl(value) && !/[?#]/.test(value),
      `must be the https address of ${what}, without a user name, password, query or fragment`,
    );

/**
 * HaloPSA credentials (SPEC C3), validated before any request: an API application of the
 * "Client ID and Secret (Services)" kind, and where the Halo instance lives. Credentials and
 * tokens go only to `url`'s origin and the authorization server it names (SPEC C8).
 * @see https://github.com/homotechsual/HaloAPI (Public/Connect-HaloAPI.ps1: URL, ClientID, ClientSecret, Scopes, Tenant)
 */
export const haloCredentials = z.object({
  /** The Halo instance, like `https://msp.halopsa.com` (hosted) or the on-premise address. */
  url: serviceUrl('the Halo instance, like https://msp.halopsa.com'),
  /** The tenant name of a hosted instance, when Halo's sign-in asks for one; found through `authinfo` otherwise. */
  tenant: z
    .string()
    .trim()
    .min(1, 'the tenant is empty')
    .max(100, 'the tenant is longer than 100 characters')
    .regex(PRINTABLE, 'may hold letters, digits and punctuation only, no spaces')
    .exactOptional(),
  /** The API application's client id. */
  clientId: z
    .string()
    .trim()
    .min(1, 'the client id is required')
    .max(200, 'the client id is longer than 200 characters')
    .regex(PRINTABLE, 'may hold letters, digits and punctuation only, no spaces'),
  /** The API application's client secret. */
  clientSecret: z
    .string()
    .min(1, 'the client secret is required')
    .max(1000, 'the client secret is longer than 1,000 characters')
    .regex(PRINTABLE, 'may hold letters, digits and punctuation only, no spaces'),
  /** The scopes to ask for, space-separated; psa-bridge only reads clients and users. @default 'all' */
  scope: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be scope words separated by single spaces')
    .exactOptional(),
  /**
   * The authorization server, like `https://msp.halopsa.com/auth`, when it is not the one Halo's
   * `authinfo` names or lives on another site; the client secret goes to it.
   */
  authUrl: serviceUrl('the authorization server').exactOptional(),
});

/** Parsed HaloPSA credentials. */
export type HaloCredentials = z.infer<typeof haloCredentials>;

/** Credential fields that are secret (SPEC C7). */
export const HALO_SECRET_FIELDS = ['clientSecret'] as const;
