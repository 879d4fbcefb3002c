import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { utf8Bytes } from '../platform/bytes.js';

/** An email address split into its parts. */
export interface EmailAddress {
  /** The address as given, trimmed. */
  readonly original: string;
  /** The part before the last `@`, with the quotes of a quoted local part removed. */
  readonly localPart: string;
  /** Whether the local part was quoted (`"john doe"@example.com`). */
  readonly quoted: boolean;
  /** The part after the last `@`, lower case. */
  readonly domain: string;
  /** The local part's `+tag` (sub-address) without the `+`, when it has one. */
  readonly tag?: string;
  /** The address with a lower-case domain (and local part), the form psa-bridge compares. */
  readonly normalized: string;
}

const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_BYTES = 64;
const MAX_LABEL_LENGTH = 63;
// RFC 5322 atext plus dots, and any letter, mark or digit of any script (RFC 6531).
const UNQUOTED_LOCAL = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const ADDRESS_LITERAL = /^\[[^[\]\\\s]+\]$/;

function invalid(email: string, why: string): PsaBridgeError {
  return new PsaBridgeError('VALIDATION', `Invalid email address "${email}": ${why}`, {
    details: { field: 'email', reason: why },
  });
}

/**
 * Parses and checks an email address. Lenient where mail systems are (dots at the ends or
 * doubled in the local part, non-ASCII letters), strict where an address cannot work.
 *
 * @throws PsaBridgeError with code `VALIDATION` that says what is wrong.
 */
export function parseEmailAddress(email: string): EmailAddress {
  if (typeof email !== 'string') {
    throw new PsaBridgeError('VALIDATION', 'Invalid email address: it is not text', {
      details: { field: 'email', reason: 'it is not text' },
    });
  }
  const original = email.trim();
  if (original === '') throw invalid(original, 'it is empty');
  if (original.length > MAX_ADDRESS_LENGTH)
    throw invalid(original, `it is longer than ${MAX_ADDRESS_LENGTH} characters`);
  const at = original.lastIndexOf('@');
  if (at < 0) throw invalid(original, 'it has no @');
  const rawLocal = original.slice(0, at);
  const domain = original.slice(at + 1).toLowerCase();
  if (rawLocal === '') throw invalid(original, 'the part before the @ is empty');
  if (domain === '') throw invalid(original, 'the part after the @ is empty');
  if (utf8Bytes(rawLocal).length > MAX_LOCAL_BYTES) {
    throw invalid(original, `the part before the @ is longer than ${MAX_LOCAL_BYTES} bytes`);
  }

  const quoted = rawLocal.length >= 2 && rawLocal.startsWith('"') && rawLocal.endsWith('"');
  let localPart: string;
  if (quoted) {
    localPart = unquote(rawLocal.slice(1, -1), original);
    if (localPart.trim() === '') throw invalid(original, 'the quoted part before the @ is blank');
  } else {
    if (!UNQUOTED_LOCAL.test(rawLocal)) {
      throw invalid(
        original,
        'the part before the @ has a character addresses cannot hold (space, quote, comma, …)',
      );
    }
    if (/^\.*$/.test(rawLocal)) throw invalid(original, 'the part before the @ has only dots');
    localPart = rawLocal;
  }
  checkDomain(domain, original);

  const plus = quoted ? -1 : localPart.indexOf('+');
  const tag = plus >= 0 ? localPart.slice(plus + 1) : undefined;
  const normalizedLocal = quoted ? rawLocal : localPart.toLowerCase();
  return {
    original,
    localPart,
    quoted,
    domain,
    ...(tag === undefined ? {} : { tag }),
    normalized: `${normalizedLocal}@${domain}`,
  };
}

function unquote(content: string, original: string): string {
  let out = '';
  for (let i = 0; i < content.length; i += 1) {
    const char = content[i] as string;
    if (char === '\\') {
      const next = content[i + 1];
      if (next === undefined) throw invalid(original, 'the quoted part ends with a lone backslash');
      out += next;
      i += 1;
    } else if (char === '"') {
      throw invalid(original, 'the quoted part has an unescaped quote');
    } else if (/[\p{Cc}]/u.test(char)) {
      throw invalid(original, 'the quoted part has a control character');
    } else {
      out += char;
    }
  }
  return out;
}

function checkDomain(domain: string, original: string): void {
  if (ADDRESS_LITERAL.test(domain)) return;
  const labels = domain.split('.');
  for (const label of labels) {
    if (label === '') throw invalid(original, 'the domain has an empty part (two dots, or a dot at an end)');
    if (label.length > MAX_LABEL_LENGTH)
      throw invalid(original, `a domain part is longer than ${MAX_LABEL_LENGTH} characters`);
    if (!DOMAIN_LABEL.test(label))
      throw invalid(original, `the domain part "${label}" is not a valid host name`);
  }
}

/** The lower-case form psa-bridge uses to compare addresses, or `undefined` for an invalid one. */
export function normalizeEmail(email: string): string | undefined {
  try {
    return parseEmailAddress(email).normalized;
  } catch {
    return undefined;
  }
}
