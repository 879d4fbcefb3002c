import { headerSafeString, isLoopbackHost } from '@psa-bridge/core/adapter';
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

/**
 * A host, or an https URL without user info; plain http only to a loopback host (a simulator or
 * a local proxy), since the keys would travel readable (SPEC C8).
 */
const isSite = (value: string): boolean => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^https?:\/\//i.test(value)) return false;
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.hostname === '' || url.username !== '' || url.password !== '') return false;
    return url.protocol === 'https:' || isLoopbackHost(url.hostname);
  }
  return HOST.test(value);
};

/**
 * ConnectWise PSA credentials (SPEC C3), validated before any request.
 * @see https://developer.connectwise.com/Products/ConnectWise_PSA/Developer_Guide
 */
export const connectWiseCredentials = z.object({
  /** The host you sign in at (`na.myconnectwise.net`, `eu.myconnectwise.net`, …) or an on-premises URL. */
  site: z
    .string()
    .trim()
    .min(1, 'the site is required, like na.myconnectwise.net')
    .refine(
      isSite,
      'must be a host like na.myconnectwise.net or an https URL like https://cw.example.com, without a user name or password (plain http only to localhost)',
    ),
  /** The company id you sign in with. */
  companyId: z
    .string()
    .trim()
    .min(1, 'the company id is required')
    .regex(/^[A-Za-z0-9_.-]+$/, 'may hold letters, digits, dot, dash and underscore only'),
  /** The API member's public key. */
  publicKey: headerSafeString('public key')
    .trim()
    .min(1, 'the public key is required')
    .refine(
      (value) => !value.includes(':'),
      'the public key cannot hold ":" (it separates the keys in Basic authentication)',
    ),
  /** The API member's private key. */
  privateKey: headerSafeString('private key').min(1, 'the private key is required'),
  /** Your integration's client id, a GUID from developer.connectwise.com/ClientID. */
  clientId: z.string().trim().regex(GUID, 'must be the GUID from developer.connectwise.com/ClientID'),
  /** Codebase like `v2025_1`; found through `/login/companyinfo` when absent. */
  codebase: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.]+\/?$/, 'must look like v2025_1')
    .exactOptional(),
  /** API version sent in the Accept header. @default 2021.1 */
  apiVersion: z
    .string()
    .trim()
    .regex(/^\d{4}\.\d+$/, 'must look like 2021.1')
    .exactOptional(),
});

/** Parsed ConnectWise credentials. */
export type ConnectWiseCredentials = z.infer<typeof connectWiseCredentials>;

/** Credential fields that are secret (SPEC C7). */
export const CONNECTWISE_SECRET_FIELDS = ['publicKey', 'privateKey'] as const;
