/** Cloud login hosts; their API host is the same name with `api-` in front. */
const CLOUD_DOMAINS = ['myconnectwise.net', 'connectwisedev.com'];

/**
 * The API origin for a site. Cloud sites (`na.myconnectwise.net`) get `api-` in front
 * (`https://api-na.myconnectwise.net`) instead of a hard-coded region table, since both
 * `api-au` and `api-aus` exist; on-premises hosts and full URLs are used as they are.
 * @see https://github.com/christaylorcodes/ConnectWiseManageAPI (Connect-CWM.ps1 reads the codebase from /login/companyinfo without credentials)
 */
export function apiOrigin(site: string): string {
  if (/^https?:\/\//i.test(site)) return new URL(site).origin;
  const host = site.toLowerCase();
  const cloud = CLOUD_DOMAINS.some((domain) => host.endsWith(`.${domain}`));
  return cloud && !host.startsWith('api-') ? `https://api-${host}` : `https://${host}`;
}
