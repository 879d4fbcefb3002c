/**
 * A child process of the multi-process tests: appends outcomes to one run of one tenant's journal,
 * one entry per append, as fast as it can. Prints how many appends were refused as CONFLICT.
 * Arguments: connection string, tenant, worker number, contacts of its own, contacts shared by all.
 */
import { createPostgresStores } from '@psa-bridge/postgres';

const [url = '', tenant = '', worker = '0', own = '0', shared = '0'] = process.argv.slice(2);
const stores = createPostgresStores({ connectionString: url, tenant, secretKey: Buffer.alloc(32, 1) });
let conflicts = 0;
const contacts = [
  ...Array.from({ length: Number(shared) }, (_, i) => `shared-${i}`),
  ...Array.from({ length: Number(own) }, (_, i) => `w${worker}-${i}`),
];
for (const contactId of contacts) {
  try {
    await stores.journal.append([
      {
        type: 'outcome',
        runId: 'race',
        at: new Date().toISOString(),
        contactId,
        email: `${contactId}@acme.example`,
        outcome: 'created',
        userKey: `${worker}:${contactId}`,
        run: 1,
      },
    ]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'CONFLICT') throw error;
    conflicts += 1;
  }
}
await stores.close();
console.log(JSON.stringify({ conflicts }));
