import { type AutotaskData, generateAutotaskData } from '@psa-bridge/datto/fake';
import { ACME_STAFF, email } from './staff.js';

/** The Autotask side: generated filler plus Acme and Initech as customers. */
export function autotaskStory(): AutotaskData {
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
