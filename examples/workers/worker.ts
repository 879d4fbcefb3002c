/**
 * One worker process of the workers example: takes import jobs from the queue in PostgreSQL and
 * runs them with bridges whose stores are in the same database and whose GoTo and PSA limits are
 * shared with every other worker through it (SPEC S2, S3). Stops gracefully on SIGTERM.
 *
 * Each partner's bridge gets that partner's own GoTo client, over the GoTo tokens in its stores
 * (SPEC S4): every worker reads the same tokens, and only one refreshes them per expiry.
 *
 * Environment: DATABASE_URL, PSA_BRIDGE_KEY (32 bytes, base64), GOTO_OPTIONS (JSON: where GoTo
 * is and the app's OAuth client id and secret; the simulator's in this example).
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import { createJobQueue } from '@psa-bridge/jobs';
import { createPostgresRateLimiter, createPostgresStores } from '@psa-bridge/postgres';
import pg from 'pg';

const url = process.env.DATABASE_URL ?? '';
const secretKey = process.env.PSA_BRIDGE_KEY ?? '';
const gotoOptions = JSON.parse(process.env.GOTO_OPTIONS ?? '{}') as {
  apiBaseUrl?: string;
  authBaseUrl?: string;
  clientId: string;
  clientSecret: string;
};
const name = process.env.WORKER_NAME ?? `worker-${process.pid}`;

const pool = new pg.Pool({ connectionString: url, max: 10 }); // one pool for every tenant's stores
const rateLimiter = createPostgresRateLimiter({ pool }); // GoTo's 10/s, shared by all workers
const { clientId, clientSecret, ...where } = gotoOptions;
/** A partner's own GoTo client, over its tokens; one per tenant in this process. */
const gotoClients = new Map<string, ReturnType<typeof goto>>();
const gotoFor = (
  tenant: string,
  tokens: NonNullable<ReturnType<typeof createPostgresStores>['gotoTokens']>,
) => {
  let client = gotoClients.get(tenant);
  if (!client) {
    // The limit is counted per OAuth client (`goto:<client id>`) across every partner and worker.
    client = goto({ ...where, auth: { tokens, clientId, clientSecret }, rateLimiter });
    // For bench/workers: when each request to GoTo's Admin API leaves this process, to check the shared limit.
    if (process.env.PSA_BRIDGE_LOG_SENDS)
      client.addHooks?.({
        onRequest: ({ url }) => {
          if (url.includes('/admin/rest/')) console.log(`send ${Date.now()}`);
        },
      });
    gotoClients.set(tenant, client);
  }
  return client;
};
// A dead worker's job comes back through the other workers' heartbeat watchdog (staleAfterMs).
const jobs = await createJobQueue({ connectionString: url, maintenanceIntervalSeconds: 5 });
const worker = await jobs.startWorker({
  concurrency: 3,
  bridgeFor: (tenant) => {
    const stores = createPostgresStores({ pool, tenant, secretKey });
    if (!stores.gotoTokens) throw new Error('these stores keep no GoTo tokens');
    return createBridge({
      providers: [connectwise()],
      goto: gotoFor(tenant, stores.gotoTokens),
      stores,
      rateLimiter,
    });
  },
  onEvent: (event) => {
    if (event.type === 'started') console.log(`${name}: started the import of ${event.tenant}`);
    if (event.type === 'failed')
      console.log(`${name}: ${event.jobId} failed (${event.code}), back to the queue`);
  },
});
console.log(`${name}: ready`);

process.once('SIGTERM', async () => {
  await worker.stop({ graceful: true, timeoutMs: 10_000 }); // finish, or hand back, the current jobs
  await jobs.close();
  await pool.end();
  console.log(`${name}: peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  process.exit(0);
});
