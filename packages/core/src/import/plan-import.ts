import type { ConnectionService } from '../connections/connection-service.js';
import type { CallOptions } from '../contracts/call-options.js';
import type { Contact } from '../contracts/contact.js';
import type { GotoClient } from '../contracts/goto-client.js';
import type { GotoUser } from '../contracts/goto-types.js';
import type { MappingStore } from '../contracts/stores.js';
import type { DisplayNameRule } from '../email/display-name-from-email.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { callSettings } from '../http/call-settings.js';
import type { Clock } from '../http/clock.js';
import { planIdentity } from './plan-identity.js';
import { type PlanReason, type PlanRow, planRow } from './plan-row.js';
import { sealPlan } from './plan-seal.js';

export type { PlanReason, PlanRow } from './plan-row.js';

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
  /** Whether inactive contacts were planned too. */
  readonly includeInactive: boolean;
  /** When it was made (ISO 8601). */
  readonly createdAt: string;
  /** One row per selected contact, in the PSA's order. */
  readonly rows: readonly PlanRow[];
  /** Counts by reason, and how many contacts were not selected (left alone, SPEC I3). */
  readonly totals: Readonly<Record<PlanReason | 'create' | 'skip' | 'notSelected', number>>;
  /** Licenses without enough free seats for the creates; empty when all fit. */
  readonly seatShortages: readonly SeatShortage[];
  /** Contact ids given in `select` that the company does not have (nothing is planned for them). */
  readonly unknownContactIds: readonly string[];
  /**
   * An HMAC of every field above under the bridge's plan key: `imports.run` refuses a plan that
   * was changed, cut down or forged after planning (`VALIDATION`). Keep it with the plan.
   */
  readonly seal: string;
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
  /** The key plans are sealed with (see `verifyPlan`). */
  readonly planKey: Uint8Array;
}

const REASONS: readonly PlanReason[] = [
  'new',
  'existing',
  'no-email',
  'invalid-email',
  'email-too-long',
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
  // An unknown connection is said as such, before the mapping (which cannot exist without it).
  const client = await deps.connections.client(request.connectionId, request);
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
  const select = request.select;
  const chosen = Array.isArray(select) ? new Set(select) : undefined;
  const wanted = (contact: Contact): boolean =>
    chosen ? chosen.has(contact.id) : typeof select === 'function' ? select(contact) : true;

  const includeInactive = request.includeInactive === true;
  const nameRule = request.nameRule ?? deps.nameRule;
  const drafts: PlanRow[] = [];
  const keys: (string | undefined)[] = [];
  const seenKeys = new Set<string>();
  let notSelected = 0;
  for await (const contact of client.listContacts(mapping.companyId, callSettings(request))) {
    if (!wanted(contact)) {
      notSelected += 1;
      continue;
    }
    const { row, key } = planRow(contact, seenKeys, includeInactive, nameRule);
    drafts.push(row);
    keys.push(key);
  }
  const planned = chosen ? new Set(drafts.map((row) => row.contactId)) : undefined;
  const unknownContactIds = chosen ? [...chosen].filter((contactId) => !planned?.has(contactId)) : [];
  const creates = drafts.filter((row) => row.action === 'create');
  const existing =
    creates.length > 0
      ? await deps.goto.findUsersByEmail(
          request.accountKey,
          creates.map((row) => row.email as string),
          request,
        )
      : new Map<string, GotoUser>();
  const sendWelcomeEmail = kind === 'end-users' ? true : (request.sendWelcomeEmail ?? true);
  const licenseKeys = kind === 'end-users' ? [] : [...(request.licenseKeys ?? [])];
  // The id first, read off the drafts as they stream by; then each draft is replaced by its row in
  // the same array, so 100,000 contacts are never held twice.
  const id = planIdentity({
    kind,
    connectionId: request.connectionId,
    accountKey: request.accountKey,
    companyId: mapping.companyId,
    licenseKeys,
    includeInactive,
    sendWelcomeEmail,
    contacts: (function* () {
      for (const [i, row] of drafts.entries())
        yield {
          contactId: row.contactId,
          emailKey: keys[i],
          derivedName: row.nameDerived ? `${row.firstName} ${row.lastName}` : undefined,
        };
    })(),
  });
  const finalRows = drafts;
  for (let i = 0; i < drafts.length; i += 1) {
    const row = drafts[i] as PlanRow;
    const key = keys[i];
    // Only creates can turn into `existing`: a duplicate keeps its own reason (SPEC I6).
    const user = row.action === 'create' && key ? existing.get(key) : undefined;
    if (user) finalRows[i] = { ...row, action: 'skip', reason: 'existing', existingUserKey: user.key };
  }
  // Only rows that will really be sent need a seat: skipped, invalid and existing ones do not.
  const seatsNeeded = finalRows.filter((row) => row.action === 'create').length;
  const seatShortages: SeatShortage[] = [];
  if (licenseKeys.length > 0) {
    const licenses = await deps.goto.listLicenses(request.accountKey, request);
    for (const key of licenseKeys) {
      const license = licenses.find((candidate) => candidate.key === key);
      if (!license)
        throw new PsaBridgeError('VALIDATION', `The account has no license "${key}"`, {
          details: { licenseKey: key },
        });
      if (license.seats && license.seats.available < seatsNeeded) {
        seatShortages.push({
          licenseKey: key,
          ...(license.name ? { name: license.name } : {}),
          needed: seatsNeeded,
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
  return sealPlan(
    {
      id,
      kind,
      connectionId: request.connectionId,
      accountKey: request.accountKey,
      companyId: mapping.companyId,
      licenseKeys,
      sendWelcomeEmail,
      includeInactive,
      createdAt: new Date(deps.clock.now()).toISOString(),
      rows: finalRows,
      totals: { ...totals, notSelected } as ImportPlan['totals'],
      seatShortages,
      unknownContactIds,
    },
    deps.planKey,
  );
}
