import { fakeCompanyName, fakeDomain, fakeEmail, fakePerson, seededRandom } from '@psa-bridge/core/testing';

/**
 * The simulator's records, in Autotask's wire shape (field names from the vendor notes; values
 * made up). Lists are kept in ascending id order.
 * @see https://github.com/KelvinTegelaar/AutotaskAPI (v1.json, the Autotask REST API's Swagger document)
 */

/** A company record. `isActive` is a boolean on companies. */
export interface AtCompany {
  id: number;
  companyName: string;
  companyNumber: string;
  companyType: number;
  classification: number | null;
  isActive: boolean;
  phone: string;
  webAddress: string | null;
  createDate: string;
  lastActivityDate: string;
  lastTrackedModifiedDateTime: string;
  userDefinedFields: { name: string; value: string | null }[];
}

/** A contact record. `isActive` is 1 or 0 on contacts. */
export interface AtContact {
  id: number;
  companyID: number;
  firstName: string;
  lastName: string;
  middleInitial: string | null;
  title: string | null;
  emailAddress: string | null;
  emailAddress2: string | null;
  emailAddress3: string | null;
  isActive: 0 | 1;
  primaryContact: boolean;
  phone: string;
  createDate: string;
  lastModifiedDate: string;
  userDefinedFields: { name: string; value: string | null }[];
}

/** A picklist entry; values are strings even for integer fields. */
export interface AtPicklistValue {
  value: string;
  label: string;
  isDefaultValue: boolean;
  sortOrder: number;
  isActive: boolean;
  isSystem: boolean;
}

/** Everything the simulator holds. */
export interface AutotaskData {
  /** Company 0 is the MSP's own company. */
  companies: AtCompany[];
  contacts: AtContact[];
  /** The tenant's `companyType` picklist. */
  companyTypes: AtPicklistValue[];
}

/** Options of {@link generateAutotaskData}. */
export interface AutotaskDataOptions {
  /** How many customer companies (company 0 comes on top). @default 60 */
  readonly companies?: number;
  /** Contacts per company. @default 3 */
  readonly contactsPerCompany?: number;
  /** Seed: the same seed gives the same data. @default 1 */
  readonly seed?: number;
}

const DATE = '2025-06-15T14:31:23.127Z';

/** A `classification` picklist, as tenants define their own (values are strings). */
export function defaultClassifications(): AtPicklistValue[] {
  return ['Gold', 'Silver', 'Bronze'].map((label, i) => ({
    value: String(i + 1),
    label,
    isDefaultValue: false,
    sortOrder: i,
    isActive: true,
    isSystem: false,
  }));
}

/**
 * The company types of a tenant. 1 Customer, 2 Lead and 3 Prospect are agreed on; the values
 * after 3 differ between sources, which is why adapters read the picklist instead of assuming.
 */
export function defaultCompanyTypes(): AtPicklistValue[] {
  return [
    [1, 'Customer'],
    [2, 'Lead'],
    [3, 'Prospect'],
    [4, 'Dead'],
    [6, 'Vendor'],
    [7, 'Partner'],
  ].map(([value, label], i) => ({
    value: String(value),
    label: String(label),
    isDefaultValue: i === 0,
    sortOrder: i,
    isActive: true,
    isSystem: true,
  }));
}

/** Company 0, the MSP itself: never a customer. */
export function ownerCompany(): AtCompany {
  return {
    id: 0,
    companyName: 'Simulated MSP (owner)',
    companyNumber: '0',
    companyType: 7,
    classification: null,
    isActive: true,
    phone: '',
    webAddress: null,
    createDate: DATE,
    lastActivityDate: DATE,
    lastTrackedModifiedDateTime: DATE,
    userDefinedFields: [],
  };
}

/**
 * Seeded, deterministic data: company 0, active and inactive companies of several types,
 * contacts with zero to three emails, some inactive.
 */
export function generateAutotaskData(options: AutotaskDataOptions = {}): AutotaskData {
  const random = seededRandom(options.seed ?? 1);
  const companyTypes = defaultCompanyTypes();
  const companies: AtCompany[] = [ownerCompany()];
  const contacts: AtContact[] = [];
  const perCompany = options.contactsPerCompany ?? 3;
  for (let i = 0; i < (options.companies ?? 60); i += 1) {
    const id = 29_683_600 + i;
    const type = companyTypes[Math.floor(random() * companyTypes.length)] as AtPicklistValue;
    companies.push({
      id,
      companyName: fakeCompanyName(random, id),
      companyNumber: String(1000 + i),
      companyType: Number(type.value),
      classification: null,
      isActive: i % 6 !== 5,
      phone: '8005551212',
      webAddress: random() < 0.5 ? fakeDomain(id) : null,
      createDate: DATE,
      lastActivityDate: DATE,
      lastTrackedModifiedDateTime: DATE,
      userDefinedFields: [],
    });
    for (let c = 0; c < perCompany; c += 1) {
      const person = fakePerson(random);
      const count = Math.floor(random() * 4);
      const emails = Array.from({ length: count }, (_, e) =>
        e === 0
          ? fakeEmail(person.firstName, person.lastName, fakeDomain(id), c)
          : `${c}.alt${e}@${fakeDomain(id)}`,
      );
      contacts.push({
        id: 30_684_000 + contacts.length,
        companyID: id,
        firstName: person.firstName,
        lastName: person.lastName,
        middleInitial: null,
        title: null,
        emailAddress: emails[0] ?? null,
        emailAddress2: emails[1] ?? null,
        emailAddress3: emails[2] ?? null,
        isActive: random() < 0.1 ? 0 : 1,
        primaryContact: c === 0,
        phone: '',
        createDate: DATE,
        lastModifiedDate: DATE,
        userDefinedFields: [],
      });
    }
  }
  return { companies, contacts, companyTypes };
}
