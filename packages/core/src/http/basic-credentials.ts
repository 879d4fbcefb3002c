import { toBase64, utf8Bytes } from '../platform/bytes.js';

/**
 * The base64 of `user:password` in UTF-8, as HTTP Basic authentication sends it (after `Basic `),
 * without Node's `Buffer`, so adapters bundle for any runtime. Register the result as a secret
 * with the transport: it holds the password.
 *
 * @example
 * ```ts
 * const basic = basicCredentials(`${companyId}+${publicKey}`, privateKey);
 * const headers = { authorization: `Basic ${basic}` };
 * ```
 */
export function basicCredentials(user: string, password: string): string {
  return toBase64(utf8Bytes(`${user}:${password}`));
}
