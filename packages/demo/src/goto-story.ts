import { createGoToFake, type GoToFake } from '@psa-bridge/goto/fake';
import { largePartnerNames } from './large-partner.js';

/** The GoTo side: the partner's three customer accounts, and `large` more when asked. */
export function gotoStory(latencyMs: number, large = 0): GoToFake {
  return createGoToFake({
    accounts: [
      {
        name: 'Acme Corporation',
        licenses: [
          { name: 'GoTo Resolve', products: ['RESOLVE'], seats: 100 },
          { name: 'GoTo Connect', products: ['G2C'] },
        ],
        users: [
          { email: 'admin@msp.example', firstName: 'Ada', lastName: 'Admin', admin: true },
          { email: 'dana.scully@acme.example', firstName: 'Dana', lastName: 'Scully' },
        ],
      },
      { name: 'Globex B.V.', licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: 25 }] },
      { name: 'Initech LLC', licenses: [{ name: 'GoTo Meeting', products: ['G2M'], seats: 10 }] },
      ...largePartnerNames(large).map((name) => ({
        name,
        licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'], seats: 5 }],
      })),
    ],
    // A little latency, so long steps look like they do against the real APIs.
    host: { latencyMs },
  });
}
