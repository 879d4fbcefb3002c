/**
 * A worker process of the multi-worker tests: a job queue worker whose bridges keep their stores
 * in PostgreSQL and share GoTo's limit through the database. Argument: one JSON object (see
 * WorkerProcessInput). Prints one line per worker event.
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import type { GoToFakeClientOptions } from '@psa-bridge/goto/fake';
import { createJobQueue } from '@psa-bridge/jobs';
import { createPostgresRateLimiter, createPostgresStores } from '@psa-bridge/postgres';

/** What the parent passes. */
export interface WorkerProcessInput {
  readonly url: string;
  readonly secretKey: string;
  readonly gotoOptions: GoToFakeClientOptions;
  /** Share GoTo's limit through the database (the default), or pace per process only. */
  readonly sharedLimit: boolean;
  readonly concurrency: number;
  /** How long a SIGTERM lets running jobs finish before handing them back. @default 10000 */
  readonly gracefulTimeoutMs?: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessInput;
// pg-boss's expireInSeconds stays at its default (an hour): a killed worker's job comes back
// through the workers' heartbeat watchdog (staleAfterMs), a stopped worker's through its hand-back.
const jobs = await createJobQueue({
  connectionString: input.url,
  maintenanceIntervalSeconds: 1,
  retryDelaySeconds: 1,
});
const rateLimiter = input.sharedLimit
  ? createPostgresRateLimiter({ connectionString: input.url })
  : undefined;
const gotoClient = goto({ ...input.gotoOptions, ...(rateLimiter ? { rateLimiter } : {}) });
// When each Admin API request leaves this process, so the test can check the limit across workers.
gotoClient.addHooks?.({
  onRequest: ({ url }) => {
    if (url.includes('/admin/rest/')) console.log(JSON.stringify({ type: 'send', at: Date.now() }));
  },
});
const worker = await jobs.startWorker({
  concurrency: input.concurrency,
  leaseTtlMs: 2_000,
  staleAfterMs: 3_000,
  pollingIntervalSeconds: 0.5,
  bridgeFor: (tenant) =>
    createBridge({
      providers: [connectwise()],
      goto: gotoClient,
      stores: createPostgresStores({
        connectionString: input.url,
        tenant,
        secretKey: input.secretKey,
        maxConnections: 3,
      }),
      ...(rateLimiter ? { rateLimiter } : {}),
    }),
  onEvent: (event) => console.log(JSON.stringify({ ...event, at: Date.now() })),
});
console.log(JSON.stringify({ type: 'ready', worker: worker.id }));
process.on('SIGTERM', () => {
  void worker.stop({ graceful: true, timeoutMs: input.gracefulTimeoutMs ?? 10_000 }).then(async () => {
    await jobs.close();
    await rateLimiter?.close();
    process.exit(0);
  });
});
