import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import type { PsaClient } from '@psa-bridge/core/adapter';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { measure, ms } from './measure.js';

/** A simulator on loopback with a client for it. */
interface Served {
  readonly client: PsaClient;
  readonly companies: readonly { id: number | string; name?: string; companyName?: string }[];
  readonly requests: () => number;
  readonly close: () => Promise<void>;
}

/**
 * A PSA simulator with 100,000 companies and 100,000 contacts, served on loopback: every
 * company listed through the adapter, a name search, and the contacts of one company.
 * Baseline: serializing and parsing the same companies once, in process.
 */
async function benchScale(label: string, serve: () => Promise<Served>): Promise<void> {
  const served = await serve();
  try {
    const { client } = served;
    const baseline = await measure(() => JSON.parse(JSON.stringify(served.companies)), 3);
    let listed = 0;
    const before = served.requests();
    const listAll = await measure(async () => {
      listed = 0;
      for await (const _ of client.listCompanies()) listed += 1;
    }, 3);
    const perListing = (served.requests() - before) / 4;
    const search = await measure(async () => {
      for await (const _ of client.searchCompanies({ name: 'logistics 4' })) {
        // drain
      }
    }, 3);
    const companyId = String(served.companies[54_321]?.id);
    const contacts = await measure(async () => {
      for await (const _ of client.listContacts(companyId)) {
        // drain
      }
    }, 5);
    console.log(`${label} simulator: 100,000 companies, 100,000 contacts, over loopback HTTP`);
    console.log(
      `  list every company       median ${ms(listAll.medianMs)} for ${listed} companies, ${perListing} requests`,
    );
    console.log(
      `  JSON round-trip baseline median ${ms(baseline.medianMs)} (ratio ${(listAll.medianMs / baseline.medianMs).toFixed(1)}x)`,
    );
    console.log(`  name search              median ${ms(search.medianMs)}`);
    console.log(`  one company's contacts   median ${ms(contacts.medianMs)}`);
  } finally {
    await served.close();
  }
}

/** Both PSA simulators at 100,000 companies and contacts. */
export async function benchPsaScale(): Promise<void> {
  await benchScale('ConnectWise', async () => {
    const fake = createConnectWiseFake({ companies: 100_000, contactsPerCompany: 1, seed: 11 });
    const server = await fake.listen();
    return {
      client: await connectwise().connect(server.credentials),
      companies: fake.data.companies,
      requests: () => fake.host.stats.requests,
      close: server.close,
    };
  });
  console.log('');
  await benchScale('Autotask', async () => {
    const fake = createAutotaskFake({ companies: 100_000, contactsPerCompany: 1, seed: 11 });
    const server = await fake.listen();
    return {
      client: await datto({ discoveryUrl: server.clientOptions.discoveryUrl }).connect(server.credentials),
      companies: fake.data.companies,
      requests: () => fake.host.stats.requests,
      close: server.close,
    };
  });
}
