/**
 * Cross-site request refusal (SPEC H5), by Fetch Metadata and `Origin`: a write from a page of
 * another site never reaches a route, whatever its content type, cookies or body.
 *
 * - `Sec-Fetch-Site: same-origin` (every current browser sends it) passes; `cross-site` and
 *   `same-site` pass only when `Origin` is one of `allowedOrigins`.
 * - Without Fetch Metadata (older browsers), an `Origin` must be the request's own origin or an
 *   allowed one.
 * - A request with neither header is not from a browser page (a server, curl, a test): it passes,
 *   and the app's own authentication decides.
 */
export function crossSiteRefusal(request: Request, allowedOrigins: ReadonlySet<string>): string | undefined {
  const site = request.headers.get('sec-fetch-site')?.toLowerCase();
  const origin = request.headers.get('origin');
  const allowed = origin !== null && allowedOrigins.has(origin.toLowerCase());
  if (site === 'same-origin' || site === 'none') return undefined;
  if (site === 'cross-site' || site === 'same-site') {
    return allowed
      ? undefined
      : `a ${site} request from ${origin ?? 'a page'} that allowedOrigins does not name`;
  }
  if (origin === null) return undefined;
  if (origin.toLowerCase() === new URL(request.url).origin.toLowerCase() || allowed) return undefined;
  return `a request from ${origin}, another origin than this server's, that allowedOrigins does not name`;
}

/** `allowedOrigins` as a set of lower-case origins; a value that is not an origin is refused at start. */
export function originSet(origins: readonly string[] | undefined): ReadonlySet<string> {
  const set = new Set<string>();
  for (const origin of origins ?? []) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new TypeError(
        `createHttpHandler(): allowedOrigins holds "${origin}", which is not an origin like https://app.example`,
      );
    }
    if (parsed.origin === 'null' || parsed.origin.toLowerCase() !== origin.toLowerCase().replace(/\/$/, '')) {
      throw new TypeError(
        `createHttpHandler(): allowedOrigins holds "${origin}": give scheme, host and port only, like https://app.example`,
      );
    }
    set.add(parsed.origin.toLowerCase());
  }
  return set;
}
