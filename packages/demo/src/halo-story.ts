import { generateHaloData, type HaloData, haloClient, haloUser } from '@psa-bridge/halo/fake';
import { ACME_STAFF, email } from './staff.js';

/** Halo id of the story's Acme Corporation. */
const HALO_ACME_ID = 41_001;

/**
 * The HaloPSA side: generated filler plus Acme Corporation (a customer, with a share of Acme's
 * staff: one known only by a second address, one inactive) and Globex B.V. as a prospect.
 */
export function haloStory(): HaloData {
  const data = generateHaloData({ clients: 15, usersPerClient: 2, seed: 7 });
  const [customers, prospects] = data.topLevels;
  if (!customers || !prospects) throw new Error('unexpected simulator data');
  const acme = haloClient({
    id: HALO_ACME_ID,
    name: 'Acme Corporation',
    toplevel_id: customers.id,
    toplevel_name: customers.name,
    website: 'https://www.acme.example',
  });
  const globex = haloClient({
    id: 41_002,
    name: 'Globex B.V.',
    toplevel_id: prospects.id,
    toplevel_name: prospects.name,
  });
  data.clients.push(acme, globex);
  ACME_STAFF.slice(12, 22).forEach(([firstName, lastName], i) => {
    const address = email(firstName, lastName, 'acme-halo.example');
    data.users.push(
      haloUser(acme, {
        id: 41_100 + i,
        firstname: firstName,
        surname: lastName,
        // Halo has three address fields; the first one set is the primary.
        emailaddress: i === 3 ? null : address,
        email2: i === 3 ? address : null,
        inactive: i === 9,
      }),
    );
  });
  return data;
}
