import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createBridge, createMemoryRateLimiter } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createJobQueue, type JobQueue } from '@psa-bridge/jobs';
import { createPostgresStores } from '@psa-bridge/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from '../../postgres/test/support/databases.js';
import type { WorkerProcessInput } from './support/worker-process.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));
const KEY = keyOf(5);
const TENANTS = ['north', 'south', 'east', 'west'];

/** A worker process; `events` are the lines it printed. */
function startWorker(input: WorkerProcessInput) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(input)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { output: '', events: [] as { type: string; jobId?: string; at?: number }[] };
  child.stdout?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
    state.events = state.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string });
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, state, exited };
}

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('imports as durable jobs on three worker processes (SPEC S2, S3)', () => {
  let url: string;
  let jobs: JobQueue;
  // Four customers with 60 contacts each in one ConnectWise; four GoTo accounts by the same names.
  const cwFake = createConnectWiseFake({ companies: 4, contactsPerCompany: 100, seed: 21 });
  const companies = cwFake.data.companies
    .filter((company) => company.id !== 0 && !company.deletedFlag)
    .slice(0, 4);
  const gotoFake = createGoToFake({
    accounts: companies.map((company) => ({
      name: company.name,
      licenses: [{ name: 'GoTo Resolve', products: ['RESOLVE'] }],
    })),
    host: { latencyMs: 5 },
  });
  let cw: Awaited<ReturnType<typeof cwFake.listen>>;
  let gt: Awaited<ReturnType<typeof gotoFake.listen>>;

  beforeAll(async () => {
    url = await freshDatabase();
    [cw, gt] = await Promise.all([cwFake.listen(), gotoFake.listen()]);
    jobs = await createJobQueue({
      connectionString: url,
      maintenanceIntervalSeconds: 1,
      retryDelaySeconds: 1,
    });
  });
  afterAll(async () => {
    await jobs?.close();
    await Promise.all([cw?.close(), gt?.close()]);
  });

  it('runs every tenant’s import once across workers, one killed and one stopped mid-import: both resume within seconds, 0 duplicates, 0 lost, 429s bounded', {
    timeout: 180_000,
  }, async () => {
    const planned = new Map<string, { accountKey: string; emails: string[] }>();
    const jobIds: string[] = [];
    for (const [i, tenant] of TENANTS.entries()) {
      const company = companies[i];
      const account = gotoFake.account(company?.name ?? '');
      if (!company || !account) throw new Error('test data missing');
      const stores = createPostgresStores({ connectionString: url, tenant, secretKey: KEY });
      const bridge = createBridge({
        providers: [connectwise()],
        goto: goto({ ...gt.clientOptions, rateLimiter: createMemoryRateLimiter() }),
        stores,
      });
      const saved = await bridge.connections.testAndSave({
        providerId: 'connectwise',
        product: 'resolve',
        credentials: cw.credentials,
      });
      if (!saved.saved) throw new Error(saved.failure.message);
      await bridge.mappings.save({
        connectionId: saved.connection.id,
        accountKey: account.key,
        companyId: String(company.id),
      });
      const plan = await bridge.imports.plan({ connectionId: saved.connection.id, accountKey: account.key });
      const emails = plan.rows
        .filter((row) => row.action === 'create')
        .map((row) => (row.email ?? '').toLowerCase());
      planned.set(tenant, { accountKey: account.key, emails });
      const id = await jobs.enqueueImport({ tenant, plan, options: { batchSize: 3 } });
      // The same plan with the same options is the same job; other options are another job.
      expect(await jobs.enqueueImport({ tenant, plan, options: { batchSize: 3 } })).toBe(id);
      jobIds.push(id);
      await stores.close();
    }
    expect((await jobs.status('north', jobIds[0] ?? ''))?.state).toBe('queued');
    const before429 = gotoFake.host.stats.faulted;

    const input: WorkerProcessInput = {
      url,
      secretKey: KEY,
      gotoOptions: gt.clientOptions,
      sharedLimit: true,
      concurrency: 2,
    };
    const workers = Array.from({ length: 3 }, (_, i) =>
      startWorker({ ...input, ...(i === 1 ? { gracefulTimeoutMs: 100 } : {}) }),
    );
    const resumes: { how: string; ms: number }[] = [];
    /** When a worker other than `except` first started `jobId` after `since`. */
    const restartedAt = (jobId: string, since: number, except: (typeof workers)[number]) =>
      Math.min(
        ...workers
          .filter((w) => w !== except)
          .flatMap((w) => w.state.events)
          .filter((e) => e.type === 'started' && e.jobId === jobId && (e.at ?? 0) >= since)
          .map((e) => e.at ?? Number.POSITIVE_INFINITY),
      );
    const runningOn = (w: (typeof workers)[number]) => {
      const started = w.state.events.filter((e) => e.type === 'started').map((e) => e.jobId ?? '');
      const ended = new Set(
        w.state.events.filter((e) => e.type !== 'started' && e.type !== 'progress').map((e) => e.jobId ?? ''),
      );
      return started.filter((jobId) => !ended.has(jobId));
    };
    try {
      // Kill a worker once it is importing and some users exist.
      await until(
        'a worker to report progress',
        () => workers.some((w) => w !== workers[1] && w.state.events.some((e) => e.type === 'progress')),
        60_000,
      );
      const victim = workers.find(
        (w) => w !== workers[1] && w.state.events.some((e) => e.type === 'progress'),
      );
      if (!victim) throw new Error('no victim');
      const victimJobs = runningOn(victim);
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      await victim.exited;

      // A deploy stops another worker mid-import: SIGTERM, 100 ms to finish, then it hands back.
      const stopped = workers[1];
      if (!stopped) throw new Error('no second worker');
      await until('the second worker to run an import', () => runningOn(stopped).length > 0, 60_000);
      stopped.child.kill('SIGTERM');
      await stopped.exited;
      const handedBack = stopped.state.events.filter((e) => e.type === 'handed-back');
      expect(handedBack.length, stopped.state.output.slice(-2000)).toBeGreaterThanOrEqual(1);

      await until('every job to finish', async () => {
        const states = await Promise.all(
          jobIds.map(async (id, i) => (await jobs.status(TENANTS[i] ?? '', id))?.state),
        );
        return states.every((state) => state === 'done');
      });
      for (const jobId of victimJobs)
        resumes.push({ how: 'after SIGKILL', ms: restartedAt(jobId, killedAt, victim) - killedAt });
      for (const event of handedBack)
        resumes.push({
          how: 'after a graceful hand-back',
          ms: restartedAt(event.jobId ?? '', event.at ?? 0, stopped) - (event.at ?? 0),
        });
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n${workers.map((w) => w.state.output.slice(-2000)).join('\n---\n')}`,
      );
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
    // How long each took is a figure, not an assertion (it depends on the machine's load): printed
    // here and measured in bench/workers. What must hold is where a job came back from: the
    // workers' own watchdog (a killed worker's heartbeat stops, staleAfterMs 3 s) or the hand-back,
    // never pg-boss's expiry, which stays at its hour (support/worker-process.ts).
    console.log(`resumed: ${resumes.map((r) => `${r.how} ${r.ms} ms`).join(', ')}`);
    for (const resume of resumes) expect(resume.ms, resume.how).toBeLessThan(3_600_000);
    expect(resumes.length).toBeGreaterThanOrEqual(2);

    for (const [tenant, { accountKey, emails }] of planned) {
      const users = gotoFake.users(accountKey).map((user) => user.email.toLowerCase());
      expect(new Set(users).size, `${tenant}: a duplicate user`).toBe(users.length);
      for (const email of emails) expect(users, `${tenant}: ${email} lost`).toContain(email);
      expect(users.length).toBe(emails.length);
    }
    // The killed worker's job was taken over: retried on another worker, resumed from the journal.
    const statuses = await Promise.all(jobIds.map((id, i) => jobs.status(TENANTS[i] ?? '', id)));
    expect(statuses.filter((s) => (s?.retries ?? 0) > 0).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s?.report !== undefined)).toBe(true);
    const status = await jobs.status('north', jobIds[0] ?? '');
    expect(status).toMatchObject({
      state: 'done',
      kind: 'import',
      tenant: 'north',
      progress: { done: expect.any(Number) },
    });
    expect(status?.report).toMatchObject({ totals: { failed: 0 } });
    // Three processes shared GoTo's 10 a second through the database, start-up and recovery
    // included: never more than 10 requests sent in any one second, and at most a stray 429 from
    // arrival jitter on this busy machine.
    const sends = workers
      .flatMap((w) => w.state.events)
      .filter((e) => e.type === 'send')
      .map((e) => e.at ?? 0)
      .sort((a, b) => a - b);
    let busiestSent = 0;
    for (let i = 0, j = 0; i < sends.length; i += 1) {
      while ((sends[j] ?? 0) <= (sends[i] ?? 0) - 1000) j += 1;
      busiestSent = Math.max(busiestSent, i - j + 1);
    }
    const rateLimited = gotoFake.host.stats.faulted - before429;
    console.log(
      `GoTo answered 429 ${rateLimited} times to three workers sharing its limit; busiest second ${busiestSent} sent, ${gotoFake.host.stats.busiestSecond} arriving`,
    );
    expect(sends.length).toBeGreaterThan(50);
    expect(busiestSent).toBeLessThanOrEqual(10);
    expect(rateLimited).toBeLessThanOrEqual(1);
  });

  it('cancels a queued job: it never runs', async () => {
    const stores = createPostgresStores({ connectionString: url, tenant: 'cancel', secretKey: KEY });
    const plan = { id: 'plan-never-run', kind: 'users', rows: [] } as unknown as Parameters<
      JobQueue['enqueueImport']
    >[0]['plan'];
    const id = await jobs.enqueueImport({ tenant: 'cancel', plan });
    await jobs.cancel('cancel', id);
    expect((await jobs.status('cancel', id))?.state).toBe('cancelled');
    await expect(jobs.cancel('cancel', '00000000-0000-8000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await jobs.status('cancel', '00000000-0000-8000-8000-000000000000')).toBeNull();
    // Another tenant's id is unknown to this tenant: not readable, not cancellable.
    expect(await jobs.status('north', id)).toBeNull();
    await expect(jobs.cancel('north', id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await stores.close();
  });
});
