/** Query values; `undefined` leaves the parameter out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Joins `base` and `path` (unless `path` is already absolute) and appends `query`, encoding with
 * `%20` for spaces: some vendors (GoTo) refuse `+` in query strings, which `URLSearchParams` emits.
 */
export function buildUrl(base: string | undefined, path: string, query: QueryParams = {}): string {
  let url: string;
  if (/^https?:\/\//i.test(path) || base === undefined) url = path;
  else url = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  if (pairs.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}
