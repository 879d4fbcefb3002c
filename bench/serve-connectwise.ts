/**
 * Serves a ConnectWise simulator in its own process, so a benchmark measures only the SDK's
 * memory. Prints one JSON line `{ url, credentials }` and serves until killed.
 * Usage: node --import tsx serve-connectwise.ts <contacts in one company>
 */
import { createConnectWiseFake, emailItem } from '@psa-bridge/connectwise/fake';

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
