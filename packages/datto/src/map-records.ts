import type { Company, CompanyStatus, Contact } from '@psa-bridge/core';
import { distinctEmails } from '@psa-bridge/core/adapter';
import type { CompanyWire, ContactWire } from './wire/schemas.js';

/** Autotask companies are active or not: psa-bridge offers those as the two statuses. */
export const AUTOTASK_STATUSES: readonly CompanyStatus[] = [
  { id: 'active', name: 'Active', inactive: false },
  { id: 'inactive', name: 'Inactive', inactive: true },
];

/** An Autotask company as a core {@link Company}; `typeNames` are the tenant's picklist labels. */
export function toCompany(wire: CompanyWire, typeNames: ReadonlyMap<string, string>): Company {
  const status = AUTOTASK_STATUSES[wire.isActive === false ? 1 : 0] as CompanyStatus;
  const type =
    wire.companyType === null || wire.companyType === undefined ? undefined : String(wire.companyType);
  return {
    id: String(wire.id),
    name: wire.companyName,
    status: { id: status.id, name: status.name },
    types: type === undefined ? [] : [{ id: type, name: typeNames.get(type) ?? type }],
    ...(wire.webAddress?.trim() ? { website: wire.webAddress.trim() } : {}),
    ...modifiedAt(wire),
  };
}

/** The later of the company's two change times, when Autotask sent one (its times are UTC). */
function modifiedAt(wire: CompanyWire): { modifiedAt?: string } {
  const times = [wire.lastActivityDate, wire.lastTrackedModifiedDateTime]
    .map((text) => (text ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`) : Number.NaN))
    .filter((time) => !Number.isNaN(time));
  return times.length ? { modifiedAt: new Date(Math.max(...times)).toISOString() } : {};
}

/**
 * An Autotask contact as a core {@link Contact}: the primary email is `emailAddress`, then
 * `emailAddress2`, then `emailAddress3`; every email is kept once; `isActive` is 1 or 0.
 */
export function toContact(wire: ContactWire): Contact {
  const emails = distinctEmails([wire.emailAddress, wire.emailAddress2, wire.emailAddress3]);
  const firstName = wire.firstName?.trim();
  const lastName = wire.lastName?.trim();
  return {
    id: String(wire.id),
    companyId: String(wire.companyID),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(emails[0] ? { email: emails[0] } : {}),
    emails,
    active: wire.isActive !== 0,
  };
}
