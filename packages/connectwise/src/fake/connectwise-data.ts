import { fakeCompanyName, fakeDomain, fakeEmail, fakePerson, seededRandom } from '@psa-bridge/core/testing';

/**
 * The simulator's records, in ConnectWise's wire shape (fields as in the vendor notes; values
 * made up). Lists are kept in ascending id order.
 * @see https://github.com/HealthITAU/pyconnectwise (its models are generated from ConnectWise's OpenAPI document)
 */

/** `_info` as ConnectWise attaches it; the href keys are illustrative. */
export type Info = Record<string, string>;

/** A reference as embedded in records. */
export interface CwReference {
  id: number;
  name: string;
  _info?: Info;
}

/** A company status (picklist entry). */
export interface CwCompanyStatus {
  id: number;
  name: string;
  defaultFlag: boolean;
  inactiveFlag: boolean;
  notifyFlag: boolean;
  disallowSavingFlag: boolean;
  _info?: Info;
}

/** A company type (picklist entry). */
export interface CwCompanyType {
  id: number;
  name: string;
  defaultFlag: boolean;
  vendorFlag: boolean;
  _info?: Info;
}

/** A company record. */
export interface CwCompany {
  id: number;
  identifier: string;
  name: string;
  status: CwReference;
  types: CwReference[];
  phoneNumber: string;
  website: string | null;
  deletedFlag: boolean;
  dateDeleted: string | null;
  _info: Info;
  /** More of the ~70 fields the vendor's OpenAPI document lists, many of them null. */
  [field: string]: unknown;
}

/** One communication item of a contact. */
export interface CwCommunicationItem {
  id: number;
  type: CwReference;
  value: string;
  extension?: string | null;
  defaultFlag: boolean;
  communicationType: 'Email' | 'Phone' | 'Fax';
  domain?: string;
}

/** A contact record. */
export interface CwContact {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: { id: number; identifier: string; name: string };
  inactiveFlag: boolean;
  defaultFlag: boolean;
  communicationItems: CwCommunicationItem[];
  types: CwReference[];
  _info: Info;
  /** More of the ~60 fields the vendor's OpenAPI document lists, many of them null. */
  [field: string]: unknown;
}

/** Everything the simulator holds. */
export interface ConnectWiseData {
  statuses: CwCompanyStatus[];
  types: CwCompanyType[];
  companies: CwCompany[];
  contacts: CwContact[];
}

/** Options of {@link generateConnectWiseData}. */
export interface ConnectWiseDataOptions {
  /** How many companies. @default 60 */
  readonly companies?: number;
  /** Contacts per company. @default 3 */
  readonly contactsPerCompany?: number;
  /** Seed of the generator: the same seed gives the same data. @default 1 */
  readonly seed?: number;
}

const INFO = { lastUpdated: '2025-06-01T12:00:00Z', updatedBy: 'simulator' };

/** The default statuses: the first is the default, `Inactive` is inactive. */
export function defaultStatuses(): CwCompanyStatus[] {
  return [
    {
      id: 1,
      name: 'Active',
      defaultFlag: true,
      inactiveFlag: false,
      notifyFlag: false,
      disallowSavingFlag: false,
    },
    {
      id: 2,
      name: 'Inactive',
      defaultFlag: false,
      inactiveFlag: true,
      notifyFlag: false,
      disallowSavingFlag: false,
    },
    {
      id: 3,
      name: 'Credit Hold',
      defaultFlag: false,
      inactiveFlag: false,
      notifyFlag: true,
      disallowSavingFlag: false,
    },
    {
      id: 4,
      name: 'Not Approved',
      defaultFlag: false,
      inactiveFlag: true,
      notifyFlag: false,
      disallowSavingFlag: true,
    },
  ];
}

/** The default company types. */
export function defaultTypes(): CwCompanyType[] {
  return ['Client', 'Prospect', 'Vendor', 'Partner', 'Competitor'].map((name, i) => ({
    id: i + 1,
    name,
    defaultFlag: i === 0,
    vendorFlag: name === 'Vendor',
  }));
}

const reference = ({ id, name }: { id: number; name: string }): CwReference => ({ id, name });

/** An email communication item. */
export function emailItem(id: number, value: string, defaultFlag: boolean): CwCommunicationItem {
  return {
    id,
    type: { id: 1, name: 'Email' },
    value,
    defaultFlag,
    communicationType: 'Email',
    domain: `@${value.split('@')[1] ?? ''}`,
  };
}

/**
 * Seeded, deterministic data: companies with statuses and one or two types (every 25th
 * deleted), contacts with zero to two email items, a phone item, and some inactive.
 */
export function generateConnectWiseData(options: ConnectWiseDataOptions = {}): ConnectWiseData {
  const random = seededRandom(options.seed ?? 1);
  const statuses = defaultStatuses();
  const types = defaultTypes();
  const companyCount = options.companies ?? 60;
  const perCompany = options.contactsPerCompany ?? 3;
  const companies: CwCompany[] = [];
  const contacts: CwContact[] = [];
  let itemId = 1;
  for (let i = 0; i < companyCount; i += 1) {
    const id = 250 + i;
    const name = fakeCompanyName(random, id);
    const status = statuses[i % 7 === 6 ? 1 : i % 11 === 10 ? 2 : 0] as CwCompanyStatus;
    const first = types[Math.floor(random() * types.length)] as CwCompanyType;
    const second = types[(first.id + 1) % types.length] as CwCompanyType;
    const deleted = i % 25 === 24;
    const company: CwCompany = {
      id,
      identifier: name.replace(/[^A-Za-z0-9]/g, '').slice(0, 25),
      name,
      status: reference(status),
      types: random() < 0.2 ? [reference(first), reference(second)] : [reference(first)],
      phoneNumber: `555${String(id).padStart(7, '0')}`,
      website: random() < 0.5 ? `www.${fakeDomain(id)}` : null,
      deletedFlag: deleted,
      dateDeleted: deleted ? '2025-01-15T09:30:00Z' : null,
      _info: INFO,
      // Fields the adapter does not read, as the vendor sends them (nulls where the spec allows).
      addressLine1: `${100 + i} Main Street`,
      addressLine2: null,
      city: 'Tampa',
      state: 'FL',
      zip: '33602',
      country: { id: 1, name: 'United States', _info: { country_href: 'https://na.example/country/1' } },
      faxNumber: null,
      territory: { id: 1, name: 'Main', _info: {} },
      market: { id: 1, name: 'Technology', _info: {} },
      accountNumber: null,
      defaultContact: null,
      dateAcquired: '2024-03-01T00:00:00Z',
      annualRevenue: null,
      timeZoneSetup: { id: 1, name: 'US Eastern', _info: {} },
      leadFlag: false,
      unsubscribeFlag: false,
      vendorIdentifier: null,
      taxIdentifier: null,
      billingTerms: { id: 1, name: 'Net 30', _info: {} },
      mobileGuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    };
    companies.push(company);
    for (let c = 0; c < perCompany; c += 1) {
      const person = fakePerson(random);
      const roll = random();
      const items: CwCommunicationItem[] = [
        {
          id: itemId++,
          type: { id: 2, name: 'Direct' },
          value: '8139357100',
          defaultFlag: true,
          communicationType: 'Phone',
        },
      ];
      if (roll > 0.1) {
        items.push(
          emailItem(itemId++, fakeEmail(person.firstName, person.lastName, fakeDomain(id), c), roll > 0.3),
        );
      }
      if (roll > 0.8) items.push(emailItem(itemId++, `${c}.alt@${fakeDomain(id)}`, false));
      contacts.push({
        id: 1000 + contacts.length,
        firstName: person.firstName,
        lastName: roll > 0.95 ? null : person.lastName,
        company: { id, identifier: company.identifier, name },
        inactiveFlag: random() < 0.1,
        defaultFlag: c === 0,
        communicationItems: items,
        types: [],
        _info: INFO,
        title: roll > 0.5 ? 'Office Manager' : null,
        nickName: null,
        marriedFlag: false,
        childrenFlag: false,
        portalSecurityLevel: null,
        disablePortalLoginFlag: false,
        unsubscribeFlag: false,
        gender: null,
        birthDay: null,
        department: null,
        relationship: null,
        companyLocation: { id: 2, name: 'Tampa Office', _info: {} },
        defaultPhoneType: 'Direct',
        defaultPhoneNbr: '8139357100',
        defaultBillingFlag: false,
        securityIdentifier: null,
      });
    }
  }
  return { statuses, types, companies, contacts };
}
