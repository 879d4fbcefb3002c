import { createBridge } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createJobQueue, type JobQueue, type JobStatus } from '@psa-bridge/jobs';
import { createPostgresStores } from '@psa-bridge/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from '../../postgres/test/support/databases.js';

const KEY = keyOf(8);
let url: string;
let jobs: JobQueue;
let world: DemoWorld;
let pool: pg.Pool;

beforeAll(async () => {
  url = await freshDatabase();
  jobs = await createJobQueue({ connectionString: url, retryDelaySeconds: 1, scheduleCheckSeconds: 1 });
  world = await createDemoWorld({ latencyMs: 5 });
  pool = new pg.Pool({ connectionString: url, max: 2 });
});
afterAll(async () => {
  await jobs?.close();
  await world?.close();
  await pool?.end();
});

const bridgeFor = (tenant: string) =>
  createBridge({
    providers: world.providers,
    goto: goto(world.goto),
    stores: createPostgresStores({ connectionString: url, tenant, secretKey: KEY, maxConnections: 2 }),
  });

async function connected(tenant: string): Promise<string> {
  const saved = await bridgeFor(tenant).connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: world.connectwise.credentials,
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  return saved.connection.id;
}

const until = async (check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const refreshJobs = async (tenant: string): Promise<readonly JobStatus[]> =>
  (await jobs.list(tenant)).filter((job) => job.kind === 'refresh');

describe('read-model refreshes as jobs (SPEC R1)', () => {
  it('one refresh per connection at a time, whoever asks; run on a worker into the PostgreSQL read model', async () => {
    const tenant = 'refresh-once';
    const connectionId = await connected(tenant);
    // Eight producers at once, with different modes: one job.
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        jobs.enqueueRefresh({ tenant, connectionId, options: { mode: i % 2 ? 'full' : 'auto' } }),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    const [id] = ids as [string];
    const workers = await Promise.all(
      [1, 2].map(() => jobs.startWorker({ bridgeFor, pollingIntervalSeconds: 0.2 })),
    );
    try {
      await until(async () => (await jobs.status(tenant, id))?.state === 'done');
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
    const status = await jobs.status(tenant, id);
    expect(status?.kind).toBe('refresh');
    expect(status?.report).toMatchObject({ connectionId, companies: { mode: 'full' } });
    expect(await refreshJobs(tenant)).toHaveLength(1);
    // Another process reads the copy: the column says when it was refreshed.
    const page = await bridgeFor(tenant).mappings.accounts(connectionId);
    expect(page.refreshedAt).not.toBeNull();
    // Ended: the next enqueue is a new job.
    expect(await jobs.enqueueRefresh({ tenant, connectionId })).not.toBe(id);
    expect(await jobs.status('another-tenant', id)).toBeNull();
  });

  it('schedules per connection: pg-boss ticks, due ones are claimed once however many ticks race', async () => {
    const tenant = 'refresh-scheduled';
    const connectionId = await connected(tenant);
    const schedule = await jobs.scheduleRefresh({
      tenant,
      connectionId,
      everyMinutes: 5,
      reconcileEveryMinutes: 60,
      options: { parts: ['companies'] },
    });
    expect(schedule).toMatchObject({ tenant, connectionId, everyMinutes: 5, reconcileEveryMinutes: 60 });
    expect(await jobs.listRefreshSchedules(tenant)).toHaveLength(1);
    expect(await jobs.listRefreshSchedules('someone-else')).toEqual([]);
    // pg-boss holds the one schedule that ticks.
    const ticks = await pool.query(
      `SELECT cron FROM psa_bridge_jobs.schedule WHERE name = 'psa-bridge-refresh-tick'`,
    );
    expect(ticks.rows).toEqual([{ cron: '* * * * *' }]);

    // Due at once; ten ticks at once claim it once.
    const claimed = (await Promise.all(Array.from({ length: 10 }, () => jobs.runDueRefreshes()))).flat();
    expect(claimed).toHaveLength(1);
    expect(await jobs.runDueRefreshes()).toEqual([]); // next one in 5 minutes
    // The reconciliation comes due: that refresh reconciles.
    await pool.query(
      'UPDATE psa_bridge_refresh_schedules SET next_at = 0, reconcile_at = 0 WHERE tenant_id = $1',
      [tenant],
    );
    const worker = await jobs.startWorker({ bridgeFor, pollingIntervalSeconds: 0.2 });
    try {
      await until(async () => (await refreshJobs(tenant)).every((job) => job.state === 'done'));
      // The first refresh ran (full); pg-boss's own tick then found the reconciliation due.
      await until(async () => (await refreshJobs(tenant)).length === 2, 30_000);
      await until(async () => (await refreshJobs(tenant)).every((job) => job.state === 'done'));
    } finally {
      await worker.stop();
    }
    const reports = (await refreshJobs(tenant)).map((job) => job.report as { companies?: { mode: string } });
    expect(reports.map((report) => report.companies?.mode).sort()).toEqual(['full', 'reconcile']);
    expect(await jobs.unscheduleRefresh({ tenant, connectionId })).toBe(true);
    expect(await jobs.unscheduleRefresh({ tenant, connectionId })).toBe(false);
  });

  it('refuses bad schedules and requests with typed errors naming the field', async () => {
    for (const [request, field] of [
      [{ tenant: 't', connectionId: 'c', everyMinutes: 0 }, 'everyMinutes'],
      [{ tenant: 't', connectionId: 'c', everyMinutes: 1.5 }, 'everyMinutes'],
      [
        { tenant: 't', connectionId: 'c', everyMinutes: 30, reconcileEveryMinutes: 10 },
        'reconcileEveryMinutes',
      ],
      [{ tenant: 't', connectionId: '' }, 'connectionId'],
      [{ tenant: 'x\u0000', connectionId: 'c' }, 'tenant'],
    ] as const) {
      const error = await jobs.scheduleRefresh(request as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(request)).toMatchObject({ code: 'VALIDATION', details: { field } });
    }
    await expect(jobs.enqueueRefresh({ tenant: 't', connectionId: ' ' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
