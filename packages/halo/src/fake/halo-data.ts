import { fakeCompanyName, fakeDomain, fakeEmail, fakePerson, seededRandom } from '@psa-bridge/core/testing';

/**
 * The simulator's records in Halo's wire shape: the fields psa-bridge reads plus a share of the
 * many others Halo sends (names from Halo's Swagger document as public clients carry it; values
 * made up), so a parser that expects a narrow payload fails here first.
 * @see https://github.com/n8n-io/n8n (packages/nodes-base/nodes/HaloPSA/descriptions/data/clientFields.json, userFields.json)
 */

/** A client (customer) record. */
export interface HaloClientRecord {
  id: number;
  name: string;
  inactive: boolean;
  toplevel_id: number | null;
  toplevel_name: string | null;
  website: string | null;
  colour: string;
  notes: string;
  is_vip: boolean;
  main_site_id: number;
  main_site_name: string;
  datecreated: string;
  accountsid: string;
  customertype: number;
  customfields: { id: number; name: string; value: unknown }[];
  override_org_address: { id: number; line1: string; postcode: string } | null;
}

/** A user (customer contact) record. */
export interface HaloUserRecord {
  id: number;
  name: string;
  firstname: string | null;
  surname: string | null;
  initials: string;
  title: string;
  emailaddress: string | null;
  email2: string | null;
  email3: string | null;
  inactive: boolean;
  client_id: number;
  client_name: string;
  site_id: number;
  site_name: string;
  phonenumber: string;
  mobilenumber: string;
  login: string;
  isimportantcontact: boolean;
  neversendemails: boolean;
  datecreated: string;
  customfields: { id: number; name: string; value: unknown }[];
}

/** A top level: Halo's grouping of clients. */
export interface HaloTopLevel {
  id: number;
  name: string;
}

/** Everything the simulator holds. */
export interface HaloData {
  clients: HaloClientRecord[];
  users: HaloUserRecord[];
  topLevels: HaloTopLevel[];
}

/** Options of {@link generateHaloData}. */
export interface HaloDataOptions {
  /** How many clients. @default 60 */
  readonly clients?: number;
  /** Users per client. @default 3 */
  readonly usersPerClient?: number;
  /** The same seed gives the same data. @default 1 */
  readonly seed?: number;
}

const DATE = '2025-06-15T14:31:23.127Z';

/** Three top levels, as an MSP might group its clients. */
export function defaultTopLevels(): HaloTopLevel[] {
  return [
    { id: 1, name: 'Customers' },
    { id: 2, name: 'Prospects' },
    { id: 3, name: 'Suppliers' },
  ];
}

/** A client record with every field filled; pass what differs. */
export function haloClient(
  fields: Partial<HaloClientRecord> & Pick<HaloClientRecord, 'id' | 'name'>,
): HaloClientRecord {
  return {
    inactive: false,
    toplevel_id: 1,
    toplevel_name: 'Customers',
    website: null,
    colour: '#2f6fde',
    notes: '',
    is_vip: false,
    main_site_id: fields.id * 10,
    main_site_name: 'Main',
    datecreated: DATE,
    accountsid: '',
    customertype: 0,
    customfields: [],
    override_org_address: null,
    ...fields,
  };
}

/** A user record of `client` with every field filled; pass what differs. */
export function haloUser(
  client: Pick<HaloClientRecord, 'id' | 'name'>,
  fields: Partial<HaloUserRecord> & Pick<HaloUserRecord, 'id'>,
): HaloUserRecord {
  const firstname = fields.firstname ?? null;
  const surname = fields.surname ?? null;
  return {
    name: [firstname, surname].filter(Boolean).join(' '),
    firstname,
    surname,
    initials: `${firstname?.[0] ?? ''}${surname?.[0] ?? ''}`,
    title: '',
    emailaddress: null,
    email2: null,
    email3: null,
    inactive: false,
    client_id: client.id,
    client_name: client.name,
    site_id: client.id * 10,
    site_name: 'Main',
    phonenumber: '',
    mobilenumber: '',
    login: '',
    isimportantcontact: false,
    neversendemails: false,
    datecreated: DATE,
    customfields: [],
    ...fields,
  };
}

/** Seeded, deterministic data: clients in ascending id order, a few users each. */
export function generateHaloData(options: HaloDataOptions = {}): HaloData {
  const random = seededRandom(options.seed ?? 1);
  const topLevels = defaultTopLevels();
  const data: HaloData = { clients: [], users: [], topLevels };
  const count = options.clients ?? 60;
  const perClient = options.usersPerClient ?? 3;
  for (let index = 0; index < count; index += 1) {
    const topLevel = topLevels[index % topLevels.length] as HaloTopLevel;
    const client = haloClient({
      id: 10 + index,
      name: fakeCompanyName(random, index),
      inactive: index % 9 === 8,
      toplevel_id: topLevel.id,
      toplevel_name: topLevel.name,
      website: `https://www.${fakeDomain(index)}`,
    });
    data.clients.push(client);
    for (let n = 0; n < perClient; n += 1) {
      const person = fakePerson(random);
      data.users.push(
        haloUser(client, {
          id: 1000 + data.users.length,
          firstname: person.firstName,
          surname: person.lastName,
          emailaddress: fakeEmail(person.firstName, person.lastName, fakeDomain(index), data.users.length),
        }),
      );
    }
  }
  return data;
}
