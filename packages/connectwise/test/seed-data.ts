import {
  type ConnectWiseData,
  type CwCommunicationItem,
  defaultStatuses,
  defaultTypes,
  emailItem,
} from '@psa-bridge/connectwise/fake';
import type { PsaConformanceSeed } from '@psa-bridge/core/testing';

/**
 * The conformance seed in ConnectWise's shape. The default email item is placed after the
 * others on purpose, so the adapter must pick it by its flag, not by position.
 */
export function connectWiseDataFromSeed(seed: PsaConformanceSeed): ConnectWiseData {
  const statuses = defaultStatuses().filter(
    (status) => status.name === 'Active' || status.name === 'Inactive',
  );
  const types = defaultTypes()
    .slice(0, 3)
    .map((type, i) => ({ ...type, name: seed.types[i]?.name ?? type.name }));
  const data: ConnectWiseData = { statuses, types, companies: [], contacts: [] };
  let itemId = 1;
  seed.companies.forEach((company, index) => {
    const id = 250 + index;
    const status = statuses.find((candidate) => candidate.name === company.status);
    const type = types.find((candidate) => candidate.name === company.type);
    if (!status || !type) throw new Error(`seed status or type missing for ${company.name}`);
    data.companies.push({
      id,
      identifier: `C${id}`,
      name: company.name,
      status: { id: status.id, name: status.name },
      types: [{ id: type.id, name: type.name }],
      phoneNumber: '',
      website: null,
      deletedFlag: false,
      dateDeleted: null,
      _info: {},
    });
    for (const contact of company.contacts) {
      const [primary, ...others] = contact.emails;
      const items: CwCommunicationItem[] = others.map((email) => emailItem(itemId++, email, false));
      if (primary) items.push(emailItem(itemId++, primary, true));
      items.unshift({
        id: itemId++,
        type: { id: 2, name: 'Direct' },
        value: '555',
        defaultFlag: true,
        communicationType: 'Phone',
      });
      data.contacts.push({
        id: 5000 + data.contacts.length,
        firstName: contact.firstName,
        lastName: contact.lastName,
        company: { id, identifier: `C${id}`, name: company.name },
        inactiveFlag: !contact.active,
        defaultFlag: false,
        communicationItems: items,
        types: [],
        _info: {},
      });
    }
  });
  // Deleted companies must never show up, whatever the query.
  data.companies.push({
    id: 9000,
    identifier: 'DELETED',
    name: 'Acme Deleted Company',
    status: { id: 1, name: 'Active' },
    types: [{ id: 1, name: 'Customer' }],
    phoneNumber: '',
    website: null,
    deletedFlag: true,
    dateDeleted: '2025-01-01T00:00:00Z',
    _info: {},
  });
  return data;
}
