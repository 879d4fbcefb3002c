import { type Company, type CompanyStatus, type Contact, distinctEmails } from '@psa-bridge/core/adapter';
import type { ClientWire, UserWire } from './wire/schemas.js';

/**
 * Halo clients are active or inactive (`inactive`): psa-bridge offers those as the two statuses
 * of the manual search (SPEC M2). Halo has no client status list of its own to read.
 */
export const HALO_STATUSES: readonly CompanyStatus[] = [
  { id: 'active', name: 'Active', inactive: false },
  { id: 'inactive', name: 'Inactive', inactive: true },
];

/**
 * A Halo client as a core {@link Company}: its status from `inactive`, its one type from its top
 * level (`toplevel_id`, `toplevel_name`: Halo's grouping of clients), its website when set.
 */
export function toCompany(wire: ClientWire): Company {
  const status = HALO_STATUSES[wire.inactive === true ? 1 : 0] as CompanyStatus;
  const topLevel = wire.toplevel_id ?? undefined;
  return {
    id: String(wire.id),
    name: wire.name,
    status: { id: status.id, name: status.name },
    types:
      topLevel === undefined
        ? []
        : [{ id: String(topLevel), name: wire.toplevel_name?.trim() || `Top level ${topLevel}` }],
    ...(wire.website?.trim() ? { website: wire.website.trim() } : {}),
  };
}

/**
 * A Halo user as a core {@link Contact} of `companyId`: the primary email is `emailaddress`, then
 * `email2` and `email3`, each once; names from `firstname` and `surname`. Where `firstname` is
 * missing, the full `name` gives it: `name` less the `surname` at its end, else its first word
 * (and the rest is the surname when there is none).
 */
export function toContact(wire: UserWire, companyId: string): Contact {
  const emails = distinctEmails([wire.emailaddress, wire.email2, wire.email3]);
  let firstName = wire.firstname?.trim();
  let lastName = wire.surname?.trim();
  const name = wire.name?.trim().replace(/\s+/g, ' ');
  if (!firstName && name) {
    if (lastName && name.toLowerCase().endsWith(` ${lastName.toLowerCase()}`)) {
      firstName = name.slice(0, name.length - lastName.length - 1).trim();
    } else {
      const [first, ...rest] = name.split(' ');
      firstName = first;
      lastName ||= rest.join(' ');
    }
  }
  return {
    id: String(wire.id),
    companyId,
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(emails[0] ? { email: emails[0] } : {}),
    emails,
    active: wire.inactive !== true,
  };
}
