/**
 * Which fields a ConnectWise answer holds and in which order (`fields`, `orderBy`): the
 * simulator answers only what was asked, as the vendor does.
 */

/** `orderBy`: a field path and a direction. */
export interface OrderBy {
  readonly field: string;
  readonly descending: boolean;
}

/**
 * Fields the vendor's OpenAPI document gives each resource (a subset that covers what clients
 * ask for), besides those the simulated records hold.
 */
export const DECLARED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  company: [
    'id',
    'identifier',
    'name',
    'status',
    'type',
    'types',
    'addressLine1',
    'addressLine2',
    'city',
    'state',
    'zip',
    'country',
    'phoneNumber',
    'faxNumber',
    'website',
    'territory',
    'market',
    'accountNumber',
    'defaultContact',
    'dateAcquired',
    'annualRevenue',
    'timeZoneSetup',
    'leadFlag',
    'unsubscribeFlag',
    'vendorIdentifier',
    'taxIdentifier',
    'billingTerms',
    'deletedFlag',
    'dateDeleted',
    'deletedBy',
    'mobileGuid',
    'parentCompany',
    'site',
    '_info',
  ],
  contact: [
    'id',
    'firstName',
    'lastName',
    'company',
    'site',
    'title',
    'school',
    'nickName',
    'marriedFlag',
    'childrenFlag',
    'significantOther',
    'portalSecurityLevel',
    'disablePortalLoginFlag',
    'unsubscribeFlag',
    'gender',
    'birthDay',
    'anniversary',
    'presence',
    'department',
    'relationship',
    'inactiveFlag',
    'defaultFlag',
    'communicationItems',
    'types',
    'companyLocation',
    'defaultPhoneType',
    'defaultPhoneNbr',
    'defaultBillingFlag',
    'securityIdentifier',
    'mobileGuid',
    '_info',
  ],
  status: [
    'id',
    'name',
    'defaultFlag',
    'inactiveFlag',
    'notifyFlag',
    'disallowSavingFlag',
    'notificationMessage',
    'customNoteFlag',
    'cancelOpenTracksFlag',
    'track',
    '_info',
  ],
  type: ['id', 'name', 'defaultFlag', 'vendorFlag', 'serviceAlertFlag', 'serviceAlertMessage', '_info'],
};

/** The field names of a resource, lower case, for checking `fields` and `orderBy`. */
export function fieldNames(resource: keyof typeof DECLARED_FIELDS, records: readonly object[]): Set<string> {
  const names = new Set<string>((DECLARED_FIELDS[resource] ?? []).map((name) => name.toLowerCase()));
  for (const record of records.slice(0, 50))
    for (const key of Object.keys(record)) names.add(key.toLowerCase());
  return names;
}

/** A record with only the asked-for fields: the answer holds what was asked, nothing more. */
export function project(record: object, fields: readonly string[] | undefined): object {
  if (!fields) return record;
  const out: Record<string, unknown> = {};
  const source = record as Record<string, unknown>;
  const keyOf = (name: string) => Object.keys(source).find((key) => key.toLowerCase() === name.toLowerCase());
  for (const field of fields) {
    const [head = '', ...rest] = field.split('/');
    const key = keyOf(head);
    if (key === undefined) continue;
    const value = source[key];
    if (rest.length === 0 || typeof value !== 'object' || value === null) out[key] = value;
    else out[key] = { ...(out[key] as object | undefined), ...project(value, [rest.join('/')]) };
  }
  return out;
}

/** Sorts by `orderBy` (navigable paging; forward-only paging is always by id). */
export function ordered<T extends object>(records: readonly T[], orderBy: OrderBy | undefined): readonly T[] {
  if (!orderBy) return records;
  const fieldValue = (record: T): unknown =>
    orderBy.field.split('/').reduce<unknown>((value, part) => {
      if (typeof value !== 'object' || value === null) return undefined;
      const key = Object.keys(value).find((candidate) => candidate.toLowerCase() === part.toLowerCase());
      return key === undefined ? undefined : (value as Record<string, unknown>)[key];
    }, record);
  const sign = orderBy.descending ? -1 : 1;
  return [...records].sort((a, b) => {
    const left = fieldValue(a);
    const right = fieldValue(b);
    if (left === right) return 0;
    if (left === undefined || left === null) return 1;
    if (right === undefined || right === null) return -1;
    return (left < right ? -1 : 1) * sign;
  });
}
