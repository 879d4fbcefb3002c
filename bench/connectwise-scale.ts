import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { measure, ms } from './measure.js';

/**
 * The ConnectWise simulator with 100,000 companies and 100,000 contacts, served on loopback:
 * every company listed through the adapter (100 pages of 1000), a name search, and the contacts
 * of one company. Baseline: serializing and parsing the same companies once, in process.
 */
export async function benchConnectWiseScale(): Promise<void> {
  const fake = createConnectWiseFake({ companies: 100_000, contactsPerCompany: 1, seed: 11 });
  const server = await fake.listen();
  try {
    const client = await connectwise().connect(server.credentials);
    const baseline = await measure(() => JSON.parse(JSON.stringify(fake.data.companies)), 3);
    const before = fake.host.stats.requests;
    let listed = 0;
    const listAll = await measure(async () => {
      listed = 0;
      for await (const _ of client.listCompanies()) listed += 1;
    }, 3);
    const requestsPerListing = (fake.host.stats.requests - before) / 4;
    const search = await measure(async () => {
      for await (const _ of client.searchCompanies({ name: 'logistics 4' })) {
        // drain
      }
    }, 3);
    const companyId = String(fake.data.companies[54_321]?.id);
    const contacts = await measure(async () => {
      for await (const _ of client.listContacts(companyId)) {
        // drain
      }
    }, 5);
    console.log('ConnectWise simulator: 100,000 companies, 100,000 contacts, over loopback HTTP');
    console.log(
      `  list every company      median ${ms(listAll.medianMs)} for ${listed} companies, ${requestsPerListing} requests`,
    );
    console.log(
      `  JSON round-trip baseline median ${ms(baseline.medianMs)} (ratio ${(listAll.medianMs / baseline.medianMs).toFixed(1)}x)`,
    );
    console.log(`  name search             median ${ms(search.medianMs)}`);
    console.log(`  one company's contacts  median ${ms(contacts.medianMs)}`);
  } finally {
    await server.close();
  }
}
