/**
 * The story the examples tell, served by the built-in simulators on loopback ports: an MSP
 * whose GoTo partner account has three customers (Acme Corporation, Globex B.V., Initech LLC),
 * whose ConnectWise PSA holds the companies and contacts behind them, and whose Autotask PSA
 * holds a second set. Records follow the vendors' wire shapes (the simulators' types); names,
 * emails and ids are made up.
 */
import { type ConnectWiseCredentials, connectwise } from '@psa-bridge/connectwise';
import {
  type ConnectWiseData,
  type CwContact,
  createConnectWiseFake,
  emailItem,
  generateConnectWiseData,
} from '@psa-bridge/connectwise/fake';
import type { PsaProvider } from '@psa-bridge/core';
import { type AutotaskCredentials, datto } from '@psa-bridge/datto';
import { type AutotaskData, createAutotaskFake, generateAutotaskData } from '@psa-bridge/datto/fake';
import type { GotoOptions } from '@psa-bridge/goto';
import { createGoToFake, type GoToFake } from '@psa-bridge/goto/fake';

/** First and last names of Acme's staff in the ConnectWise story. */
const ACME_STAFF = [
  ['Alice', 'Vermeulen'],
  ['Bram', 'de Jong'],
  ['Carmen', 'Ortiz'],
  ['Daan', 'Bakker'],
  ['Elif', 'Yilmaz'],
  ['Femke', 'Visser'],
  ['Gert', 'Smit'],
  ['Hana', 'Novak'],
  ['Ivo', 'Mulder'],
  ['Jasmijn', 'de Vries'],
  ['Koen', 'Peeters'],
  ['Lotte', 'Jansen'],
  ['Milan', 'Hendriks'],
  ['Noor', 'El Amrani'],
  ['Olaf', 'Dekker'],
  ['Priya', 'Raman'],
  ['Quinten', 'Vos'],
  ['Roos', 'van Dijk'],
  ['Sven', 'Maas'],
  ['Tess', 'Willems'],
  ['Umar', 'Khan'],
  ['Vera', 'Kok'],
  ['Wout', 'Claes'],
  ['Xandra', 'Bos'],
  ['Yara', 'Haddad'],
  ['Zeno', 'Wouters'],
  ['Anouk', 'Mertens'],
  ['Bas', 'Verbeek'],
  ['Cato', 'Lambrecht'],
  ['Dirk', 'Goossens'],
  ['Eva', 'Schouten'],
  ['Floris', 'Brouwer'],
  ['Gwen', 'Dubois'],
  ['Hugo', 'Martens'],
  ['Iris', 'Kuipers'],
  ['Jens', 'Aerts'],
  ['Kim', 'Huisman'],
  ['Lars', 'Prins'],
  ['Mila', 'Blom'],
  ['Nina', 'Segers'],
] as const;

const email = (first: string, last: string, domain: string): string =>
  `${first}.${last}@${domain}`.toLowerCase().replace(/\s+/g, '');

/** The ConnectWise side: generated filler plus the story's companies and contacts. */
function connectWiseStory(): ConnectWiseData {
  const data = generateConnectWiseData({ companies: 30, contactsPerCompany: 2, seed: 11 });
  const [active, inactive] = [data.statuses[0], data.statuses[1]];
  const [client, prospect, vendor] = [data.types[0], data.types[1], data.types[2]];
  if (!active || !inactive || !client || !prospect || !vendor) throw new Error('unexpected simulator data');
  const ref = (item: { id: number; name: string }) => ({ id: item.id, name: item.name });
  const company = (id: number, name: string, status = active, type = client) => ({
    id,
    identifier: name.replace(/[^A-Za-z0-9]/g, ''),
    name,
    status: ref(status),
    types: [ref(type)],
    phoneNumber: '0201234567',
    website: null,
    deletedFlag: false,
    dateDeleted: null,
    _info: {},
  });
  data.companies.push(
    company(9001, 'ACME Corp.'),
    company(9002, 'Globex B.V.'),
    company(9003, 'Globex BV', inactive, prospect),
    company(9004, 'Initrode Ltd', active, vendor),
  );
  let id = 70_000;
  let itemId = 90_000;
  const contact = (companyId: number, first: string | null, last: string | null, emails: string[]) => {
    const parent = data.companies.find((c) => c.id === companyId);
    const record: CwContact = {
      id: id++,
      firstName: first,
      lastName: last,
      company: { id: companyId, identifier: parent?.identifier ?? '', name: parent?.name ?? '' },
      inactiveFlag: false,
      defaultFlag: false,
      communicationItems: emails.map((value, i) => emailItem(itemId++, value, i === 0)),
      types: [],
      _info: {},
    };
    data.contacts.push(record);
    return record;
  };
  for (const [first, last] of ACME_STAFF) contact(9001, first, last, [email(first, last, 'acme.example')]);
  // The cases an import must report, one line each (SPEC I6, E3):
  contact(9001, 'Dana', 'Scully', ['Dana.Scully@ACME.example']); // already a GoTo user
  contact(9001, null, null, ['claire.johnson@acme.example']); // no name: derived, flagged
  contact(9001, null, null, ['c.johnson@acme.example']); // no name: "C Johnson"
  contact(9001, 'Mark', 'Nomail', []); // no email
  contact(9001, 'Typo', 'Address', ['typo.address@@acme.example']); // invalid email
  contact(9001, 'Alice', 'Vermeulen', ['Alice.Vermeulen@acme.example']); // duplicate email
  const leaver = contact(9001, 'Otto', 'Leaver', ['otto.leaver@acme.example']);
  leaver.inactiveFlag = true; // inactive: left out unless asked for
  for (const [first, last] of [
    ['Pieter', 'Post'],
    ['Sanne', 'Meijer'],
    ['Tim', 'Hoekstra'],
  ] as const) {
    contact(9002, first, last, [email(first, last, 'globex.example')]);
  }
  contact(9002, null, null, ['helpdesk-fan@globex.example']);
  contact(9003, 'Old', 'Prospect', ['old.prospect@globex-old.example']);
  return data;
}

/** The Autotask side: generated filler plus Acme and Initech as customers. */
function autotaskStory(): AutotaskData {
  const data = generateAutotaskData({ companies: 20, contactsPerCompany: 2, seed: 5 });
  const template = data.companies[1];
  if (!template) throw new Error('unexpected simulator data');
  data.companies.push(
    { ...template, id: 31_000_001, companyName: 'Acme Corporation', companyType: 1, isActive: true },
    { ...template, id: 31_000_002, companyName: 'Initech', companyType: 1, isActive: true },
  );
  const contactTemplate = data.contacts[0];
  if (!contactTemplate) throw new Error('unexpected simulator data');
  ACME_STAFF.slice(0, 12).forEach(([firstName, lastName], i) => {
    const address = email(firstName, lastName, 'acme-at.example');
    data.contacts.push({
      ...contactTemplate,
      id: 31_100_000 + i,
      companyID: 31_000_001,
      firstName,
      lastName,
      // Autotask has three email fields; the first one set is the primary.
      emailAddress: i % 5 === 4 ? null : address,
      emailAddress2: i % 5 === 4 ? address : null,
      emailAddress3: null,
      isActive: 1,
    });
  });
  return data;
}

/** The GoTo side: the partner's three customer accounts. */
function gotoStory(): GoToFake {
  return createGoToFake({
    accounts: [
      {
        name: 'Acme Corporation',
        licenses: [
          { name: 'GoTo Resolve', products: ['RESOLVE'], seats: 100 },
          { name: 'GoTo Connect', products: ['G2C'] },
        ],
        users: [
          { email: 'admin@msp.example', firstName: 'Ada', lastName: 'Admin', admin: true },
          { email: 'dana.scully@acme.example', firstName: 'Dana', lastName: 'Scully' },
        ],
      },
      { name: 'Globex B.V.', licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: 25 }] },
      { name: 'Initech LLC', licenses: [{ name: 'GoTo Meeting', products: ['G2M'], seats: 10 }] },
    ],
    // A little latency, so long steps look like they do against the real APIs.
    host: { latencyMs: 15 },
  });
}

/** A provider and the credentials a partner would type for it. */
export interface ProviderSetup<Credentials> {
  /** The provider, configured for where its PSA lives. */
  readonly provider: PsaProvider<Credentials>;
  /** Credentials that pass the connection test. */
  readonly credentials: Credentials;
}

/** The three simulators, running on loopback ports. */
export interface SimulatedWorld {
  readonly connectwise: ProviderSetup<ConnectWiseCredentials>;
  readonly autotask: ProviderSetup<AutotaskCredentials> & { readonly discoveryUrl: string };
  /** Options for `goto()`. */
  readonly goto: GotoOptions;
  /** What the GoTo simulator holds, to show what an import changed. */
  readonly gotoFake: GoToFake;
  /** Stops the three servers. */
  close(): Promise<void>;
}

/** Starts the ConnectWise, Autotask and GoTo simulators on loopback ports with the story's data. */
export async function startSimulators(): Promise<SimulatedWorld> {
  const cwFake = createConnectWiseFake({ data: connectWiseStory(), host: { latencyMs: 5 } });
  const atFake = createAutotaskFake({ data: autotaskStory(), latencyMs: 5 });
  const gotoFake = gotoStory();
  const [cw, at, gt] = await Promise.all([cwFake.listen(), atFake.listen(), gotoFake.listen()]);
  return {
    connectwise: { provider: connectwise(), credentials: cw.credentials },
    autotask: {
      provider: datto({ discoveryUrl: at.discoveryUrl }),
      credentials: at.credentials,
      discoveryUrl: at.discoveryUrl,
    },
    goto: gt.options,
    gotoFake,
    async close() {
      await Promise.all([cw.close(), at.close(), gt.close()]);
    },
  };
}
