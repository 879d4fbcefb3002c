import type { PsaConformanceSeed } from '@psa-bridge/core/testing';
import { type AutotaskData, defaultCompanyTypes, ownerCompany } from '@psa-bridge/datto/fake';

/** The conformance seed in Autotask's shape, with company 0 (the MSP) on top, which must never show. */
export function autotaskDataFromSeed(seed: PsaConformanceSeed): AutotaskData {
  const companyTypes = defaultCompanyTypes();
  const data: AutotaskData = { companies: [ownerCompany()], contacts: [], companyTypes };
  seed.companies.forEach((company, i) => {
    const id = 100 + i;
    const type = companyTypes.find((candidate) => candidate.label === company.type);
    if (!type) throw new Error(`no picklist value for ${company.type}`);
    data.companies.push({
      ...ownerCompany(),
      id,
      companyName: company.name,
      companyNumber: String(id),
      companyType: Number(type.value),
      isActive: company.status === 'Active',
    });
    for (const contact of company.contacts) {
      data.contacts.push({
        id: 5000 + data.contacts.length,
        companyID: id,
        firstName: contact.firstName,
        lastName: contact.lastName,
        middleInitial: null,
        title: null,
        emailAddress: contact.emails[0] ?? null,
        emailAddress2: contact.emails[1] ?? null,
        emailAddress3: contact.emails[2] ?? null,
        isActive: contact.active ? 1 : 0,
        primaryContact: false,
        phone: '',
        createDate: '2025-01-01T00:00:00Z',
        lastModifiedDate: '2025-01-01T00:00:00Z',
        userDefinedFields: [],
      });
    }
  });
  return data;
}
