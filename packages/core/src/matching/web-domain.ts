/**
 * Web and email domains as matching evidence (SPEC M5): the domain of a company's website as a
 * PSA holds it (free text) and of an email address, compared so that `www.` and subdomains do
 * not matter.
 */

/** Mail providers whose domain says nothing about which company a person works for. */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'ziggo.nl',
  'kpnmail.nl',
  'hetnet.nl',
  'planet.nl',
  'telenet.be',
  'skynet.be',
]);

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * The domain of a website as typed into a PSA (`www.Acme.example`, `https://acme.example/en`,
 * `acme.example:443`): lower case, without scheme, `www.`, port, path or trailing dot. Resolves
 * `undefined` for text that holds no domain.
 */
export function domainOfWebsite(website: string | undefined): string | undefined {
  if (!website) return undefined;
  let text = website.trim().toLowerCase();
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  text = text.replace(/^[^@/]*@/, '');
  text = text.split(/[/?#:\s]/)[0] ?? '';
  text = text.replace(/\.+$/, '').replace(/^www\d*\./, '');
  return DOMAIN.test(text) ? text : undefined;
}

/** The domain of an email address, lower case; `undefined` when it has none. */
export function domainOfEmail(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  return at < 0 ? undefined : domainOfWebsite(email.slice(at + 1));
}

/** Whether two domains name the same organisation: equal, or one a subdomain of the other. */
export function sameDomain(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}
