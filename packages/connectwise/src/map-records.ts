import type { Company, Contact } from '@psa-bridge/core';
import { distinctEmails } from '@psa-bridge/core/adapter';
import type { CompanyWire, ContactWire } from './wire/schemas.js';

/** A ConnectWise company as a core {@link Company}. */
export function toCompany(wire: CompanyWire): Company {
  return {
    id: String(wire.id),
    name: wire.name,
    // A reference with a null id (the OpenAPI document allows it) is treated as absent.
    ...(wire.status?.id != null
      ? { status: { id: String(wire.status.id), name: wire.status.name ?? '' } }
      : {}),
    types: (wire.types ?? [])
      .filter((type) => type.id !== null)
      .map((type) => ({ id: String(type.id), name: type.name ?? '' })),
    ...(wire.website?.trim() ? { website: wire.website.trim() } : {}),
    ...(isTime(wire._info?.lastUpdated)
      ? { modifiedAt: new Date(wire._info.lastUpdated).toISOString() }
      : {}),
  };
}

/** Whether the vendor's text is a time Date can read. */
const isTime = (text: string | null | undefined): text is string =>
  typeof text === 'string' && !Number.isNaN(Date.parse(text));

const isEmailItem = (item: NonNullable<ContactWire['communicationItems']>[number]): boolean =>
  item.communicationType?.toLowerCase() === 'email' ||
  (!item.communicationType && /^e-?mail$/i.test(item.type?.name ?? ''));

/**
 * A ConnectWise contact as a core {@link Contact}. The primary email is the default Email
 * communication item, else the first Email item; every email is kept, primary first, once.
 */
export function toContact(wire: ContactWire, companyId: string): Contact {
  const items = (wire.communicationItems ?? []).filter(isEmailItem);
  const ordered = [...items.filter((item) => item.defaultFlag), ...items.filter((item) => !item.defaultFlag)];
  const emails = distinctEmails(ordered.map((item) => item.value));
  const firstName = wire.firstName?.trim();
  const lastName = wire.lastName?.trim();
  return {
    id: String(wire.id),
    companyId: wire.company?.id != null ? String(wire.company.id) : companyId,
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(emails[0] ? { email: emails[0] } : {}),
    emails,
    active: wire.inactiveFlag !== true,
  };
}
