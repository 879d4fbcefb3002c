/**
 * Where credentials may travel (SPEC C8): https anywhere the adapter trusts, plain http only to
 * a loopback host (a simulator or a local proxy the app named itself).
 */

/** True for `localhost`, `127.0.0.0/8` and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Parses `value` as an absolute URL, or `undefined` when it is not one. */
export function parseAbsoluteUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Why `url` may not be called, or `undefined` when it may: only http(s), no user info, and
 * plain http only to a loopback host.
 */
export function unsafeUrlReason(url: URL): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `the scheme ${url.protocol} is not http(s)`;
  if (url.username !== '' || url.password !== '') return 'the URL holds a user name or password';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'plain http is allowed only to a loopback host (localhost, 127.0.0.1, [::1])';
  }
  return undefined;
}

/**
 * A URL string that is safe as a credential destination: https, or http to a loopback host, and
 * without user info. For credential and option schemas (`z.string().refine(isSafeServiceUrl)`).
 */
export function isSafeServiceUrl(value: string): boolean {
  const url = parseAbsoluteUrl(value);
  return url !== undefined && unsafeUrlReason(url) === undefined;
}
