/**
 * Serves a ConnectWise simulator in its own process, so a benchmark measures only the SDK's
 * memory and time. Prints one JSON line `{ url, credentials }` and serves until killed.
 * Usage: node --import tsx serve-connectwise.ts <contacts in one company>
 *    or: node --import tsx serve-connectwise.ts companies <count> <requests per second>
 *        (the second generator's names; on stdin, `change <n>` renames the first n companies
 *        now and answers `changed`, `requests` answers the requests served so far)
 */
import { createInterface } from 'node:readline';
import { createConnectWiseFake, emailItem } from '@psa-bridge/connectwise/fake';
import { strangerDataSet } from './stranger-names.js';

if (process.argv[2] === 'companies') {
  const count = Number(process.argv[3] ?? '100000');
  const { companies } = strangerDataSet(count, 10_000, 2027);
  const fake = createConnectWiseFake({ companies: 0, seed: 1 });
  fake.data.companies = companies.map((company, i) => ({
    id: i + 1,
    identifier: `C${i + 1}`,
    name: company.name,
    status: { id: 1, name: 'Active' },
    types: [{ id: 1, name: 'Client' }],
    phoneNumber: '',
    website: null,
    deletedFlag: false,
    dateDeleted: null,
    _info: { lastUpdated: '2025-06-01T12:00:00Z' },
  }));
  const rate = Number(process.argv[4] ?? '0');
  if (rate > 0) fake.host.settings.rateLimit = { perSecond: rate };
  const server = await fake.listen();
  console.log(
    JSON.stringify({ url: server.url, credentials: server.credentials, clientOptions: server.clientOptions }),
  );
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, n] = line.trim().split(' ');
    if (command === 'change') {
      for (const company of fake.data.companies.slice(0, Number(n))) {
        company.name = `${company.name} (renamed)`;
        company._info = { lastUpdated: new Date(Date.now() + 60_000).toISOString() };
      }
      console.log('changed');
    } else if (command === 'requests') console.log(String(fake.host.stats.requests));
  }
  process.exit(0);
}

const contacts = Number(process.argv[2] ?? '1000');
const fake = createConnectWiseFake({ companies: 1, contactsPerCompany: contacts, seed: 5 });
for (const contact of fake.data.contacts) {
  contact.inactiveFlag = false;
  if (!contact.communicationItems.some((item) => item.communicationType === 'Email')) {
    contact.communicationItems.push(emailItem(contact.id, `contact${contact.id}@company250.example`, true));
  }
}
const server = await fake.listen();
console.log(JSON.stringify({ url: server.url, credentials: server.credentials }));
