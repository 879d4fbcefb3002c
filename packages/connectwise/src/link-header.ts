/**
 * The next page's URL from a ConnectWise `Link` header, or `undefined` on the last page.
 *
 * Navigable paging sends `<…page=2>; rel="next", <…>; rel="last"` and no header at all when
 * everything fits one page. Forward-only paging (`pagination-type: forward-only`) sends the next
 * URL (with `pageId`) first and an empty header on the last page.
 * @see https://developer.connectwise.com/Best_Practices/PSA_Pagination
 */
export function nextPageUrl(link: string | null): string | undefined {
  if (!link || link.trim() === '') return undefined;
  const entries = [...link.matchAll(/<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g)].map((match) => ({
    url: match[1] ?? '',
    rel: (match[2] ?? '').toLowerCase(),
  }));
  return entries.find((entry) => entry.rel === 'next' && entry.url !== '')?.url;
}
