import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { parseAbsoluteUrl } from '../http/origin-policy.js';

/**
 * Checks a vendor's next-page link before any credential is attached to it (SPEC C8). A
 * relative link is resolved against the page that named it; the result must be on `origin`.
 *
 * @param link The vendor's next-page URL (a `Link` header target, a `nextPageUrl`).
 * @param current The URL of the page that named it.
 * @param origin The only origin the vendor's credentials may go to.
 * @param service The vendor, for messages (`ConnectWise`).
 * @throws PsaBridgeError `RESPONSE_SHAPE` for a link that is not a URL, `UPSTREAM` for a link to
 * another origin; the message names the origin only, never the path or query.
 */
export function checkNextPageUrl(link: string, current: string, origin: string, service: string): string {
  let resolved: URL | undefined;
  try {
    resolved = new URL(link, current);
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined || (resolved.protocol !== 'https:' && resolved.protocol !== 'http:')) {
    throw new PsaBridgeError(
      'RESPONSE_SHAPE',
      `${service} sent a next-page link that is not a URL; paging stopped`,
      {
        details: { field: 'nextPage' },
      },
    );
  }
  const expected = parseAbsoluteUrl(origin)?.origin ?? origin;
  if (resolved.origin !== expected) {
    throw new PsaBridgeError(
      'UPSTREAM',
      `${service} sent a next-page link to another origin (${resolved.origin}); it was not followed and no credentials were sent there`,
      { details: { field: 'nextPage', origin: resolved.origin } },
    );
  }
  return resolved.href;
}
