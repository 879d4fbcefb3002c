import {
  createMemoryGoto,
  createMemoryPsa,
  type GotoConformanceSeed,
  type MemoryPsaData,
  type PsaConformanceSeed,
  runGotoClientConformance,
  runPsaClientConformance,
} from '@psa-bridge/core/testing';
import { describe, it } from 'vitest';

/** Loads the vendor-free seed into the in-memory PSA's data, ids ascending with the seed order. */
function memoryPsaData(seed: PsaConformanceSeed): MemoryPsaData {
  const statuses = seed.statuses.map((status, i) => ({ id: String(i + 1), ...status }));
  const types = seed.types.map((type, i) => ({ id: String(i + 1), ...type }));
  const data: MemoryPsaData = { statuses, types, companies: [], contacts: [] };
  let contactId = 0;
  seed.companies.forEach((company, i) => {
    const id = String(1000 + i);
    const status = statuses.find((candidate) => candidate.name === company.status);
    const type = types.find((candidate) => candidate.name === company.type);
    data.companies.push({
      id,
      name: company.name,
      ...(status ? { status: { id: status.id, name: status.name } } : {}),
      types: type ? [type] : [],
    });
    for (const contact of company.contacts) {
      contactId += 1;
      data.contacts.push({
        id: String(contactId),
        companyId: id,
        firstName: contact.firstName,
        lastName: contact.lastName,
        ...(contact.emails[0] ? { email: contact.emails[0] } : {}),
        emails: contact.emails,
        active: contact.active,
      });
    }
  });
  // A deleted company never shows up.
  data.companies.push({ id: '9998', name: 'Acme Deleted', deleted: true });
  return data;
}

runPsaClientConformance(
  {
    name: 'in-memory PSA',
    async setup({ seed, clock }) {
      const psa = createMemoryPsa({
        data: memoryPsaData(seed),
        apiKey: 'memory-conformance-key',
        pageSize: 25,
      });
      return {
        client: await psa.client({ clock }),
        connectWithBadCredentials: () => psa.provider.connect({ apiKey: 'wrong-key-value' }, { clock }),
        secrets: ['memory-conformance-key', 'wrong-key-value'],
        unknownCompanyId: '424242',
        faults: {
          rateLimitNext: (seconds, times = 1) =>
            psa.faults.push({ kind: 'status', status: 429, retryAfter: String(seconds) }, times),
          malformNext: () => psa.faults.push({ kind: 'malformed' }),
        },
        requests: () => psa.stats.requests,
        authFailures: () => psa.stats.authFailures,
      };
    },
  },
  { describe, it },
);

function memoryGotoAccounts(seed: GotoConformanceSeed) {
  return seed.accounts.map((account) => {
    const licenses = account.licenses.map((license, i) => ({
      key: `${account.name.length}00${i}`,
      name: license.name,
      products: [...license.products],
      ...(license.seats ? { seats: { ...license.seats } } : {}),
    }));
    return {
      name: account.name,
      licenses,
      users: account.users.map((user) => ({
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        licenseKeys: licenses
          .filter((license) => user.licenses.includes(license.name))
          .map((license) => license.key),
      })),
    };
  });
}

runGotoClientConformance(
  {
    name: 'in-memory GoTo',
    async setup({ seed, clock }) {
      const goto = createMemoryGoto({
        accounts: memoryGotoAccounts(seed),
        accessToken: 'memory-goto-secret',
        pageSize: 10,
      });
      return {
        client: goto.client({ clock }),
        connectWithBadCredentials: async () => goto.client({ clock, accessToken: 'refused-token-value' }),
        secrets: ['memory-goto-secret', 'refused-token-value'],
        faults: {
          rateLimitNext: (times = 1) => goto.faults.push({ kind: 'status', status: 429 }, times),
          malformNext: () => goto.faults.push({ kind: 'malformed' }),
        },
        requests: () => goto.stats.requests,
        authFailures: () => goto.stats.authFailures,
      };
    },
  },
  { describe, it },
);
