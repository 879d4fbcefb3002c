import {
  type ConnectWiseData,
  type CwContact,
  emailItem,
  generateConnectWiseData,
} from '@psa-bridge/connectwise/fake';
import { hasCompany, largePartnerNames } from './large-partner.js';
import { ACME_STAFF, email } from './staff.js';

/** The demo story's ConnectWise data: generated filler plus the story's companies and contacts. */
export function connectWiseStory(large = 0): ConnectWiseData {
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
  // The large partner's customers: a company for every other account.
  largePartnerNames(large).forEach((name, n) => {
    if (hasCompany(n)) data.companies.push(company(200_000 + n, name));
  });
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
