import { toHex } from '../platform/bytes.js';
import { createSha256 } from '../platform/hashing.js';

/** Everything that changes what an import creates; two plans with equal inputs share an id. */
export interface PlanIdentityInput {
  readonly kind: 'users' | 'end-users';
  readonly connectionId: string;
  readonly accountKey: string;
  readonly companyId: string;
  readonly licenseKeys: readonly string[];
  readonly includeInactive: boolean;
  readonly sendWelcomeEmail: boolean;
  /** Each selected contact: id, email identity, and the names the naming rule derived. */
  readonly contacts: Iterable<{
    readonly contactId: string;
    readonly emailKey: string | undefined;
    readonly derivedName: string | undefined;
  }>;
}

/**
 * The plan id (SPEC I6, I7): a hash of every input that changes what is created: the
 * selection, licenses (in any order), `includeInactive`, `sendWelcomeEmail`, each contact's
 * email and the names the naming rule derived. It leaves out what GoTo holds (which contacts
 * are `existing`), so planning again after a crash gives the same id and finds the journal of
 * the run it continues. Names the PSA supplies are left out too: a corrected spelling in the
 * PSA does not start a new import.
 */
export function planIdentity(input: PlanIdentityInput): string {
  // The same bytes as JSON.stringify of the whole list, fed contact by contact: no 10 MB string.
  const hash = createSha256();
  const head = JSON.stringify([
    2,
    input.kind,
    input.connectionId,
    input.accountKey,
    input.companyId,
    [...input.licenseKeys].sort(),
    input.includeInactive,
    input.sendWelcomeEmail,
  ]);
  hash.update(`${head.slice(0, -1)},[`);
  let first = true;
  for (const contact of input.contacts) {
    const item = JSON.stringify([contact.contactId, contact.emailKey ?? null, contact.derivedName ?? null]);
    hash.update(first ? item : `,${item}`);
    first = false;
  }
  hash.update(']]');
  return `import-${toHex(hash.digest()).slice(0, 24)}`;
}
