import type { Contact } from '../contracts/contact.js';
import { GOTO_LIMITS } from '../contracts/goto-limits.js';
import { type DisplayNameRule, displayNameFromEmail } from '../email/display-name-from-email.js';
import { emailKey } from '../email/email-key.js';
import { parseEmailAddress } from '../email/parse-email-address.js';
import { clipText } from '../text/clip-text.js';
import { hasUnstorableText, toStorableText } from '../text/well-formed.js';

/** Why a contact is or is not created (SPEC I6: one line each). */
export type PlanReason =
  | 'new'
  | 'existing'
  | 'no-email'
  | 'invalid-email'
  | 'email-too-long'
  | 'duplicate-email'
  | 'inactive';

/** One contact of a plan. */
export interface PlanRow {
  /** PSA contact id. */
  readonly contactId: string;
  /**
   * The email the user gets, as it is sent (domain in lower case); present on every row whose
   * email could be read, skipped ones included.
   */
  readonly email?: string;
  /** For `invalid-email` and `email-too-long`: the value the PSA holds, for a review screen. */
  readonly invalidEmail?: string;
  /** First name, from the PSA or derived from the email (SPEC E3), within GoTo's limit. */
  readonly firstName: string;
  /** Last name, likewise. */
  readonly lastName: string;
  /** True when a name was missing and derived from the email (flagged for review). */
  readonly nameDerived: boolean;
  /** What the plan changed to fit GoTo, like `firstName clipped to 32 characters`. */
  readonly warnings: readonly string[];
  /** `create` or `skip`. */
  readonly action: 'create' | 'skip';
  /** Why. */
  readonly reason: PlanReason;
  /** The GoTo user that already has this email, for `existing`. */
  readonly existingUserKey?: string;
}

/** A planned row with its email identity, before GoTo is asked who exists. */
/** The row of a planned contact, and its email identity (for duplicates, lookups and the plan id). */
export interface PlannedContact {
  /** The row as the plan shows it. */
  readonly row: PlanRow;
  /** `emailKey` of its email, when it has a valid one. */
  readonly key: string | undefined;
}

/** One empty list for every row without warnings: 100,000 rows need not hold 100,000 of them. */
const NO_WARNINGS: readonly string[] = Object.freeze([]);

/**
 * Plans one selected contact: inactive, no email, an email that is invalid or longer than GoTo
 * accepts, and a second contact with the same email identity are skipped with their reason;
 * missing names are derived (SPEC E3) and every name is clipped to GoTo's limit without
 * splitting a character.
 */
export function planRow(
  contact: Contact,
  seenKeys: Set<string>,
  includeInactive: boolean,
  nameRule: DisplayNameRule | undefined,
): PlannedContact {
  // A PSA may hold anything: names with control characters or lone surrogates are made storable,
  // and such an email is an invalid one (skipped with its reason, shown made storable), so one
  // hostile record never stops the journal, and with it the whole import (SPEC I6).
  const base = {
    contactId: contact.id,
    firstName: toStorableText(contact.firstName?.trim() ?? ''),
    lastName: toStorableText(contact.lastName?.trim() ?? ''),
    nameDerived: false,
    warnings: NO_WARNINGS,
  };
  const given = contact.email?.trim() ?? '';
  const raw = toStorableText(given);
  let email: string | undefined;
  try {
    email = given === '' || hasUnstorableText(given) ? undefined : parseEmailAddress(given).normalized;
  } catch {
    email = undefined;
  }
  const key = email === undefined ? undefined : emailKey(email);
  // Skipped rows keep what they have: the email, or the offending value for review.
  const skip = (
    reason: PlanReason,
    keep: 'email' | 'invalid' = email === undefined ? 'invalid' : 'email',
  ) => ({
    row: {
      ...base,
      ...(keep === 'email' && email !== undefined ? { email } : raw ? { invalidEmail: raw } : {}),
      action: 'skip' as const,
      reason,
    },
    // A row keeps the identity of the email it shows: none when it shows only the offending value.
    key: keep === 'email' ? key : undefined,
  });
  if (!contact.active && !includeInactive) return skip('inactive');
  if (raw === '') return skip('no-email');
  if (email === undefined) return skip('invalid-email');
  if (email.length > GOTO_LIMITS.emailLength) return skip('email-too-long', 'invalid');
  if (key === undefined || seenKeys.has(key)) return skip('duplicate-email');
  seenKeys.add(key);
  let { firstName, lastName } = base;
  let nameDerived = false;
  if (!firstName || !lastName) {
    const derived = displayNameFromEmail(email, nameRule ? { rule: nameRule } : {});
    firstName ||= derived.firstName;
    lastName ||= derived.lastName;
    nameDerived = true;
  }
  let warnings: string[] | undefined;
  const fit = (field: 'firstName' | 'lastName', value: string): string => {
    const clipped = clipText(value, GOTO_LIMITS.nameLength);
    if (clipped !== value) {
      warnings ??= [];
      warnings.push(`${field} clipped to ${GOTO_LIMITS.nameLength} characters`);
    }
    return clipped;
  };
  const first = fit('firstName', firstName);
  const last = fit('lastName', lastName);
  return {
    row: {
      contactId: contact.id,
      email,
      firstName: first,
      lastName: last,
      nameDerived,
      warnings: warnings ?? NO_WARNINGS,
      action: 'create',
      reason: 'new',
    },
    key,
  };
}
