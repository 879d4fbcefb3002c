import type { CallOptions } from '../contracts/call-options.js';
import type { GotoClient } from '../contracts/goto-client.js';
import { domainOfEmail, domainOfWebsite, PUBLIC_MAIL_DOMAINS } from './web-domain.js';

/** Share of an account's users a domain must have to count as the account's. */
const DOMAIN_SHARE = 0.3;

/** The domains an app gave, normalized; text that holds no domain is left out. */
export function normalizeDomains(domains: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const domain of domains ?? []) {
    const normalized = domainOfWebsite(domain);
    if (normalized) out.add(normalized);
  }
  return [...out];
}

/**
 * The email domains of an account's GoTo users that say which company it is (SPEC M5): held by
 * at least two users and 30% of them, not a public mail provider. Costs one `listUsers` walk:
 * one GoTo request per page of users (100 by default).
 */
export async function domainsFromUsers(
  goto: GotoClient,
  accountKey: string,
  options: CallOptions = {},
): Promise<string[]> {
  const counts = new Map<string, number>();
  let users = 0;
  for await (const user of goto.listUsers(accountKey, options)) {
    users += 1;
    const domain = domainOfEmail(user.email);
    if (domain && !PUBLIC_MAIL_DOMAINS.has(domain)) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count >= 2 && count >= users * DOMAIN_SHARE)
    .sort((a, b) => b[1] - a[1])
    .map(([domain]) => domain);
}
