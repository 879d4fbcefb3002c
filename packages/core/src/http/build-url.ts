import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { isWellFormedText } from '../text/well-formed.js';

/** Query values; `undefined` leaves the parameter out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Joins `base` and `path` (unless `path` is already absolute) and appends `query`, encoding with
 * `%20` for spaces: some vendors (GoTo) refuse `+` in query strings, which `URLSearchParams` emits.
 *
 * @throws PsaBridgeError with code `VALIDATION` naming the parameter when a value holds text no
 * URL can carry (a lone UTF-16 surrogate).
 */
export function buildUrl(base: string | undefined, path: string, query: QueryParams = {}): string {
  let url: string;
  if (/^https?:\/\//i.test(path) || base === undefined) url = path;
  else url = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const text = String(value);
    if (!isWellFormedText(text)) {
      throw new PsaBridgeError(
        'VALIDATION',
        `The query parameter "${key}" holds text that cannot be sent (a lone UTF-16 surrogate)`,
        { details: { field: key } },
      );
    }
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  if (pairs.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}
