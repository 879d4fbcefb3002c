/**
 * One worker process of the workers example: takes import jobs from the queue in PostgreSQL and
 * runs them with bridges whose stores are in the same database and whose GoTo and PSA limits are
 * shared with every other worker through it (SPEC S2, S3). Stops gracefully on SIGTERM.
 *
 * Environment: DATABASE_URL, PSA_BRIDGE_KEY (32 bytes, base64), GOTO_OPTIONS (JSON: where GoTo
 * is; the simulator's in this example).
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge } from '@psa-bridge/core';
import { type GotoOptions, goto } from '@psa-bridge/goto';
import { createJobQueue } from '@psa-bridge/jobs';
import { createPostgresRateLimiter, createPostgresStores } from '@psa-bridge/postgres';
import pg from 'pg';

const url = process.env.DATABASE_URL ?? '';
const secretKey = process.env.PSA_BRIDGE_KEY ?? '';
const gotoOptions = JSON.parse(process.env.GOTO_OPTIONS ?? '{}') as GotoOptions;
const name = process.env.WORKER_NAME ?? `worker-${process.pid}`;

const pool = new pg.Pool({ connectionString: url, max: 10 }); // one pool for every tenant's stores
const rateLimiter = createPostgresRateLimiter({ pool }); // GoTo's 10/s, shared by all workers
const gotoClient = goto({ ...gotoOptions, rateLimiter });
// For bench/workers: when each request to GoTo's Admin API leaves this process, to check the shared limit.
if (process.env.PSA_BRIDGE_LOG_SENDS)
  gotoClient.addHooks?.({
    onRequest: ({ url }) => {
      if (url.includes('/admin/rest/')) console.log(`send ${Date.now()}`);
    },
  });
// A dead worker's job comes back through the other workers' heartbeat watchdog (staleAfterMs).
const jobs = await createJobQueue({ connectionString: url, maintenanceIntervalSeconds: 5 });
const worker = await jobs.startWorker({
  concurrency: 3,
  bridgeFor: (tenant) =>
    createBridge({
      providers: [connectwise()],
      goto: gotoClient,
      stores: createPostgresStores({ pool, tenant, secretKey }),
      rateLimiter,
    }),
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
