import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { type EmailAddress, parseEmailAddress } from './parse-email-address.js';

/** First and last name for an end user. */
export interface PersonName {
  /** First name, never empty. */
  readonly firstName: string;
  /** Last name, never empty. */
  readonly lastName: string;
}

/** A name derived from an email address, with the display form. */
export interface DisplayName extends PersonName {
  /** `firstName lastName`, as Resolve shows it. */
  readonly displayName: string;
}

/**
 * An app's own naming rule. It gets the parsed address and returns the two names; psa-bridge
 * trims them and refuses empty ones with code `CONFIGURATION`.
 */
export type DisplayNameRule = (address: EmailAddress) => PersonName;

/** Options of {@link displayNameFromEmail}. */
export interface DisplayNameOptions {
  /** Replaces the built-in rule. @default the SPEC E3 rule described on {@link displayNameFromEmail} */
  readonly rule?: DisplayNameRule;
  /** Leave out a `+tag` (`claire.johnson+billing@…` gives Claire Johnson). @default true */
  readonly stripTag?: boolean;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Derives first and last names from an email address, the way GoTo Resolve names an end user
 * who writes in for the first time (SPEC E3):
 *
 * - `claire.johnson@myorg.org` → Claire / Johnson, "Claire Johnson";
 * - `c.johnson@myorg.org` → C / Johnson;
 * - `clairejohnson@myorg.org` (no dot) → Clairejohnson / Clairejohnson.
 *
 * Where the articles say nothing, psa-bridge decides (and an app can pass its own `rule`):
 * - several dots: the first part is the first name, the rest is the last name, joined by
 *   spaces (`jan.van.dijk` → Jan / Van Dijk), so no part is lost;
 * - empty parts (`.claire..johnson.`) are skipped;
 * - a `+tag` is left out (`claire+news` → Claire), unless nothing else is left;
 * - letter case: each part gets a capital first letter; the rest is kept as typed
 *   (`mcDonald` stays `McDonald`) unless the part is all capitals (`JOHNSON` → Johnson);
 *   hyphenated parts are capitalised on each side (`mary-jane` → Mary-Jane);
 * - non-ASCII letters are kept and capitalised (`élodie.durand` → Élodie / Durand), in NFC;
 * - a quoted local part (`"claire johnson"@…`) is split on dots and spaces alike;
 * - only dots separate names: `_` and `-` are kept inside a name, as Resolve does.
 *
 * @throws PsaBridgeError with code `VALIDATION` when `email` is not a valid address.
 * @example
 * ```ts
 * displayNameFromEmail('claire.johnson@myorg.org');
 * // { firstName: 'Claire', lastName: 'Johnson', displayName: 'Claire Johnson' }
 * ```
 */
export function displayNameFromEmail(email: string, options: DisplayNameOptions = {}): DisplayName {
  if (
    typeof options !== 'object' ||
    options === null ||
    (options.rule !== undefined && typeof options.rule !== 'function')
  ) {
    throw new PsaBridgeError(
      'VALIDATION',
      'displayNameFromEmail(): options must be an object whose rule, if any, is a function',
      {
        details: { field: 'options' },
      },
    );
  }
  const address = parseEmailAddress(email);
  if (options.rule) return fromCustomRule(options.rule, address);
  const name = defaultRule(address, options.stripTag ?? true);
  return { ...name, displayName: `${name.firstName} ${name.lastName}` };
}

function defaultRule(address: EmailAddress, stripTag: boolean): PersonName {
  let local = address.localPart.normalize('NFC');
  if (stripTag && address.tag !== undefined) {
    const withoutTag = local.slice(0, local.length - address.tag.length - 1);
    if (/[\p{L}\p{N}]/u.test(withoutTag)) local = withoutTag;
  }
  const separators = address.quoted ? /[.\s]+/u : /\.+/;
  const parts = local.split(separators).filter((part) => part !== '');
  // Only separators (a quoted " . "): fall back to the local part itself, trimmed.
  if (parts.length === 0) parts.push(local.trim() || local);
  const [first, ...rest] = parts.map(capitalize) as [string, ...string[]];
  if (rest.length === 0) return { firstName: first, lastName: first };
  return { firstName: first, lastName: rest.join(' ') };
}

function capitalize(part: string): string {
  const isAllCaps = part === part.toUpperCase() && part !== part.toLowerCase();
  const base = isAllCaps ? part.toLowerCase() : part;
  return base
    .split('-')
    .map((piece) => {
      const first = firstGrapheme(piece);
      if (first === undefined) return piece;
      const upper = first.toUpperCase();
      // Some letters grow when upper-cased (ß → SS); keep them as they are.
      return (upper.length === first.length ? upper : first) + piece.slice(first.length);
    })
    .join('-');
}

/** The first user-perceived character; ASCII without a combining mark after it skips the segmenter. */
function firstGrapheme(text: string): string | undefined {
  if (text === '') return undefined;
  if (text.charCodeAt(0) < 0x80 && (text.length === 1 || text.charCodeAt(1) < 0x300)) return text[0];
  return segmenter.segment(text)[Symbol.iterator]().next().value?.segment;
}

function fromCustomRule(rule: DisplayNameRule, address: EmailAddress): DisplayName {
  const result = rule(address);
  const firstName = typeof result?.firstName === 'string' ? result.firstName.trim() : '';
  const lastName = typeof result?.lastName === 'string' ? result.lastName.trim() : '';
  for (const [field, value] of [
    ['firstName', firstName],
    ['lastName', lastName],
  ] as const) {
    if (value === '') {
      throw new PsaBridgeError('CONFIGURATION', `The display name rule returned an empty ${field}`, {
        details: { field },
      });
    }
  }
  return { firstName, lastName, displayName: `${firstName} ${lastName}` };
}
