import { createHash } from 'node:crypto';
import type { ConnectionService } from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { Contact } from '../contracts/contact.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { MappingStore } from '../contracts/stores.js';
import { type DisplayNameRule, displayNameFromEmail } from '../end-users/display-name-from-email.js';
import { normalizeEmail } from '../end-users/parse-email-address.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import type { Clock } from '../http/clock.js';

/** Why a contact is or is not created (SPEC I6: one line each). */
export type PlanReason = 'new' | 'existing' | 'no-email' | 'invalid-email' | 'duplicate-email' | 'inactive';

/** One contact of a plan. */
export interface PlanRow {
  /** PSA contact id. */
  readonly contactId: string;
  /** The email the user gets, lower case; absent when the contact has none usable. */
  readonly email?: string;
  /** First name, from the PSA or derived from the email (SPEC E3). */
  readonly firstName: string;
  /** Last name, from the PSA or derived from the email. */
  readonly lastName: string;
  /** True when a name was missing and derived from the email (flagged for review). */
  readonly nameDerived: boolean;
  /** `create` or `skip`. */
  readonly action: 'create' | 'skip';
  /** Why. */
  readonly reason: PlanReason;
  /** The GoTo user that already has this email, for `existing`. */
  readonly existingUserKey?: string;
}

/** A license that lacks seats for the creates of a plan (SPEC I1), found before anything is written. */
export interface SeatShortage {
  /** License key. */
  readonly licenseKey: string;
  /** License name, where GoTo gives one. */
  readonly name?: string;
  /** Seats the plan needs. */
  readonly needed: number;
  /** Seats free now. */
  readonly available: number;
}

/** An import plan: a plain, serializable dry run an app can show (SPEC I1-I3). */
export interface ImportPlan {
  /** Identifies this import; its journal entries carry it, so two imports never mix. */
  readonly id: string;
  /** What the plan creates: users with licenses, or strong end users (SPEC E4). */
  readonly kind: 'users' | 'end-users';
  /** The connection. */
  readonly connectionId: string;
  /** The GoTo account the users go to. */
  readonly accountKey: string;
  /** The PSA company mapped to the account (SPEC I2). */
  readonly companyId: string;
  /** Licenses every created user gets; may be empty (SPEC I1). */
  readonly licenseKeys: readonly string[];
  /** Whether GoTo sends its welcome email. */
  readonly sendWelcomeEmail: boolean;
  /** When it was made (ISO 8601). */
  readonly createdAt: string;
  /** One row per selected contact, in the PSA's order. */
  readonly rows: readonly PlanRow[];
  /** Counts by reason, and how many contacts were not selected (left alone, SPEC I3). */
  readonly totals: Readonly<Record<PlanReason | 'create' | 'skip' | 'notSelected', number>>;
  /** Licenses without enough free seats for the creates; empty when all fit. */
  readonly seatShortages: readonly SeatShortage[];
}

/** What to plan. */
export interface PlanRequest extends CallOptions {
  /** The connection whose PSA holds the contacts. */
  readonly connectionId: string;
  /** The GoTo account; it must be mapped to a company for the connection (SPEC I2). */
  readonly accountKey: string;
  /** Licenses every created user gets. @default [] (SPEC I1) */
  readonly licenseKeys?: readonly string[];
  /** Which contacts (SPEC I3): a list of contact ids, or a test. @default every contact */
  readonly select?: readonly string[] | ((contact: Contact) => boolean);
  /** Plan inactive contacts too. @default false */
  readonly includeInactive?: boolean;
  /** Send GoTo's welcome email. @default true */
  readonly sendWelcomeEmail?: boolean;
  /** The naming rule for contacts without names. @default the bridge's `nameRule`, else SPEC E3 */
  readonly nameRule?: DisplayNameRule;
}

/** What planning needs. */
export interface PlanDeps {
  readonly connections: ConnectionService;
  readonly mappings: MappingStore;
  readonly goto: GotoClient;
  readonly clock: Clock;
  /** The naming rule when a request gives none. @default SPEC E3 */
  readonly nameRule?: DisplayNameRule | undefined;
}

const REASONS: readonly PlanReason[] = [
  'new',
  'existing',
  'no-email',
  'invalid-email',
  'duplicate-email',
  'inactive',
];

/**
 * Plans an import (SPEC I1-I3, I6): reads the contacts of the mapped company page by page,
 * keeps the selected ones, derives missing names (E3, flagged), skips contacts without a usable
 * email, duplicates and inactive ones, finds those GoTo already has (by email, any letter case),
 * and checks seats, all before anything is written.
 */
export async function planImport(
  deps: PlanDeps,
  request: PlanRequest,
  kind: ImportPlan['kind'],
): Promise<ImportPlan> {
  const mapping = await deps.mappings.get(request.connectionId, request.accountKey, request);
  if (!mapping) {
    throw new PsaBridgeError(
      'NOT_FOUND',
      `Account "${request.accountKey}" is not mapped to a PSA company for this connection`,
      {
        details: { accountKey: request.accountKey },
      },
    );
  }
  const client = await deps.connections.client(request.connectionId, request);
  const select = request.select;
  const chosen = Array.isArray(select) ? new Set(select) : undefined;
  const wanted = (contact: Contact): boolean =>
    chosen ? chosen.has(contact.id) : typeof select === 'function' ? select(contact) : true;

  const rows: PlanRow[] = [];
  const seenEmails = new Set<string>();
  let notSelected = 0;
  for await (const contact of client.listContacts(mapping.companyId, { signal: request.signal })) {
    if (!wanted(contact)) {
      notSelected += 1;
      continue;
    }
    rows.push(planRow(contact, seenEmails, request, request.nameRule ?? deps.nameRule));
  }
  const toCheck = rows
    .filter((row) => row.action === 'create' && row.email)
    .map((row) => row.email as string);
  const existing =
    toCheck.length > 0 ? await deps.goto.findUsersByEmail(request.accountKey, toCheck, request) : new Map();
  const finalRows = rows.map((row): PlanRow => {
    // Only creates can turn into `existing`: a duplicate keeps its own reason (SPEC I6).
    const user = row.action === 'create' && row.email ? existing.get(row.email) : undefined;
    return user ? { ...row, action: 'skip', reason: 'existing', existingUserKey: user.key } : row;
  });

  const licenseKeys = kind === 'end-users' ? [] : [...(request.licenseKeys ?? [])];
  const creates = finalRows.filter((row) => row.action === 'create').length;
  const seatShortages: SeatShortage[] = [];
  if (licenseKeys.length > 0) {
    const licenses = await deps.goto.listLicenses(request.accountKey, request);
    for (const key of licenseKeys) {
      const license = licenses.find((candidate) => candidate.key === key);
      if (!license)
        throw new PsaBridgeError('VALIDATION', `The account has no license "${key}"`, {
          details: { licenseKey: key },
        });
      if (license.seats && license.seats.available < creates) {
        seatShortages.push({
          licenseKey: key,
          ...(license.name ? { name: license.name } : {}),
          needed: creates,
          available: license.seats.available,
        });
      }
    }
  }
  const totals = Object.fromEntries([...REASONS, 'create', 'skip'].map((key) => [key, 0])) as Record<
    string,
    number
  >;
  for (const row of finalRows) {
    totals[row.reason] = (totals[row.reason] ?? 0) + 1;
    totals[row.action] = (totals[row.action] ?? 0) + 1;
  }
  const id = createHash('sha256')
    .update(
      JSON.stringify([
        kind,
        request.connectionId,
        request.accountKey,
        mapping.companyId,
        licenseKeys,
        finalRows.map((row) => row.contactId),
      ]),
    )
    .digest('hex')
    .slice(0, 24);
  return {
    id: `import-${id}`,
    kind,
    connectionId: request.connectionId,
    accountKey: request.accountKey,
    companyId: mapping.companyId,
    licenseKeys,
    sendWelcomeEmail: kind === 'end-users' ? true : (request.sendWelcomeEmail ?? true),
    createdAt: new Date(deps.clock.now()).toISOString(),
    rows: finalRows,
    totals: { ...totals, notSelected } as ImportPlan['totals'],
    seatShortages,
  };
}

function planRow(
  contact: Contact,
  seenEmails: Set<string>,
  request: PlanRequest,
  nameRule: DisplayNameRule | undefined,
): PlanRow {
  const base = {
    contactId: contact.id,
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    nameDerived: false,
  };
  if (!contact.active && !request.includeInactive) return { ...base, action: 'skip', reason: 'inactive' };
  if (!contact.email) return { ...base, action: 'skip', reason: 'no-email' };
  const email = normalizeEmail(contact.email);
  if (!email) return { ...base, action: 'skip', reason: 'invalid-email' };
  if (seenEmails.has(email)) return { ...base, email, action: 'skip', reason: 'duplicate-email' };
  seenEmails.add(email);
  let { firstName, lastName } = base;
  let nameDerived = false;
  if (!firstName || !lastName) {
    const derived = displayNameFromEmail(email, nameRule ? { rule: nameRule } : {});
    firstName ||= derived.firstName;
    lastName ||= derived.lastName;
    nameDerived = true;
  }
  return { ...base, email, firstName, lastName, nameDerived, action: 'create', reason: 'new' };
}
