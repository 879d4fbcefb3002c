/**
 * psa-bridge quickstart. Runs with no credentials and no network: `npm ci && npm run demo`.
 *
 * This first version shows the foundation against the in-memory PSA and GoTo fakes from
 * `@psa-bridge/core/testing`. The full article flow (ConnectWise, Autotask and GoTo simulators,
 * test & save, mapping, import) replaces it as the adapters land.
 */
import { displayNameFromEmail } from '@psa-bridge/core';
import { createMemoryGoto, createMemoryPsa } from '@psa-bridge/core/testing';

const psa = createMemoryPsa({
  data: {
    companies: [
      {
        id: '1',
        name: 'Acme Corporation',
        status: { id: '1', name: 'Active' },
        types: [{ id: '1', name: 'Customer' }],
      },
      {
        id: '2',
        name: 'Globex BV',
        status: { id: '1', name: 'Active' },
        types: [{ id: '1', name: 'Customer' }],
      },
    ],
    contacts: [
      {
        id: '10',
        companyId: '1',
        firstName: 'Claire',
        lastName: 'Johnson',
        email: 'claire.johnson@acme.example',
        emails: ['claire.johnson@acme.example'],
        active: true,
      },
      {
        id: '11',
        companyId: '1',
        email: 'c.johnson@acme.example',
        emails: ['c.johnson@acme.example'],
        active: true,
      },
    ],
  },
});

console.log('psa-bridge quickstart (foundation preview: in-memory PSA and GoTo)\n');

const client = await psa.client();
const test = await client.testConnection();
console.log(`Test connection with valid credentials: ${test.ok ? 'passed' : `failed: ${test.message}`}`);
const bad = await psa.provider.connect({ apiKey: 'not-the-key' });
const failed = await bad.testConnection();
console.log(
  `Test connection with a wrong key:      ${failed.ok ? 'passed?!' : `${failed.reason}: ${failed.message}`}\n`,
);

console.log('PSA companies:');
for await (const company of client.listCompanies()) console.log(`  ${company.id.padEnd(4)} ${company.name}`);

console.log('\nContacts of Acme Corporation, with names derived from email where missing (SPEC E3):');
for await (const contact of client.listContacts('1')) {
  const derived = contact.email ? displayNameFromEmail(contact.email) : undefined;
  const name = contact.firstName
    ? `${contact.firstName} ${contact.lastName ?? ''}`
    : `${derived?.displayName} (from email)`;
  console.log(`  ${(contact.email ?? '-').padEnd(30)} ${name}`);
}

const goto = createMemoryGoto();
const gotoClient = goto.client();
const [account] = await gotoClient.listAccounts();
if (account) {
  const outcomes = await gotoClient.createUsers(
    account.key,
    [{ email: 'claire.johnson@acme.example', firstName: 'Claire', lastName: 'Johnson' }],
    { licenseKeys: [], sendWelcomeEmail: true },
  );
  const again = await gotoClient.createUsers(
    account.key,
    [{ email: 'Claire.Johnson@acme.example', firstName: 'Claire', lastName: 'Johnson' }],
    { licenseKeys: [], sendWelcomeEmail: true },
  );
  console.log(`\nGoTo account ${account.name} (key ${account.key}):`);
  console.log(
    `  first create: ${outcomes.map((o) => o.status).join(', ')}; same email again: ${again.map((o) => o.status).join(', ')}`,
  );
}
console.log('\nDone. Run the tests with: npm test');
