/**
 * A child process of the GoTo rotation test: a worker serving many partners from one database.
 * For `seconds`, it picks a partner at random, lists its GoTo accounts and creates a user in the
 * first one, through `goto({ auth: { tokens: stores.gotoTokens } })`. With probability `dieAt`
 * per refresh it SIGKILLs itself after GoTo's token answer arrived and before it is stored (the
 * window the test attacks). Two loops run at once on one client per partner, as a job worker's
 * slots do, so one process also needs one token of a partner twice at the same time. Prints one
 * JSON line per created user, per error and per death in the window (naming the partner).
 * Arguments: connection string, API base URL, auth base URL, client id, client secret,
 * partners (comma-separated), worker name, seconds, dieAt.
 */
import { isPsaBridgeError } from '@psa-bridge/core';
import type { GotoTokenStore } from '@psa-bridge/core/adapter';
import { goto } from '@psa-bridge/goto';
import { createPostgresStores } from '@psa-bridge/postgres';
import pg from 'pg';

const [
  url = '',
  apiBaseUrl = '',
  authBaseUrl = '',
  clientId = '',
  clientSecret = '',
  list = '',
  name = 'w',
  seconds = '5',
  dieAt = '0',
] = process.argv.slice(2);
const partners = list.split(',');
const secretKey = Buffer.alloc(32, 9).toString('base64');

/** The store, dying (SIGKILL) right before writing tokens GoTo just handed out, now and then. */
function dying(store: GotoTokenStore, partner: string): GotoTokenStore {
  return {
    get: (options) => store.get(options),
    delete: (options) => store.delete(options),
    compareAndSet(expected, next, options) {
      if (next.accessToken && next.refreshingUntil === undefined && Math.random() < Number(dieAt)) {
        console.log(JSON.stringify({ dying: 'between the token answer and its write', partner })); // a pipe: written at once
        process.kill(process.pid, 'SIGKILL');
      }
      const claiming = next.refreshingUntil !== undefined;
      // Told, so the test knows which partner's refresh a SIGKILL of its own cut short.
      if (claiming) console.log(JSON.stringify({ claimed: partner }));
      return store.compareAndSet(expected, next, options).then((written) => {
        if (written && !claiming) console.log(JSON.stringify({ released: partner }));
        return written;
      });
    },
  };
}

// Many tenants, one pool: how an app serving many partners runs.
const pool = new pg.Pool({ connectionString: url, max: 4 });
const clients = new Map(
  partners.map((partner) => {
    const stores = createPostgresStores({ pool, tenant: partner, secretKey });
    if (!stores.gotoTokens) throw new Error('no token store');
    const client = goto({
      apiBaseUrl,
      authBaseUrl,
      auth: { tokens: dying(stores.gotoTokens, partner), clientId, clientSecret, refreshLeaseMs: 1_500 },
      retry: { retries: 2, minDelayMs: 20, maxDelayMs: 100 },
    });
    return [partner, { client, stores }];
  }),
);

const until = Date.now() + Number(seconds) * 1000;
let n = 0;
let last = '';
const work = async (): Promise<void> => {
  while (Date.now() < until) {
    // Half the time the partner the other loop just took: the same partner's token, twice at once.
    const partner =
      last && Math.random() < 0.5 ? last : (partners[Math.floor(Math.random() * partners.length)] ?? '');
    last = partner;
    const entry = clients.get(partner);
    if (!entry) continue;
    n += 1;
    const email = `${name}-${n}@${partner}.example`;
    try {
      const [account] = await entry.client.listAccounts();
      if (!account) throw new Error('no account');
      const [outcome] = await entry.client.createUsers(
        account.key,
        [{ email, firstName: 'Test', lastName: 'User' }],
        { licenseKeys: [], sendWelcomeEmail: false },
      );
      console.log(JSON.stringify({ created: email, partner, account: account.key, status: outcome?.status }));
    } catch (error) {
      console.log(
        JSON.stringify({
          error: isPsaBridgeError(error) ? error.code : String(error),
          reason: isPsaBridgeError(error) ? error.details.reason : undefined,
          partner,
        }),
      );
    }
  }
};
await Promise.all([work(), work()]);
await pool.end();
