/**
 * `@psa-bridge/jobs` under bad input and bad luck: typed errors at every entry (never a raw
 * pg-boss or driver error, never a hang), tenant-scoped job ids, job identity from what the job
 * does, earlier reports kept, and queues that start together without deadlocking.
 */
import { isPsaBridgeError, PsaBridgeError } from '@psa-bridge/core';
import { createJobQueue, type JobQueue } from '@psa-bridge/jobs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../postgres/test/support/databases.js';
import { outcomeOf } from '../../postgres/test/support/outcome.js';
import { startTestPostgres } from '../../postgres/test/support/postgres-server.js';

let url: string;
let jobs: JobQueue;
beforeAll(async () => {
  url = await freshDatabase();
  jobs = await createJobQueue({ connectionString: url, maintenanceIntervalSeconds: 1 });
});
afterAll(async () => {
  await jobs?.close();
});

const plan = (id: string) => ({ id, kind: 'users', rows: [] }) as never;

describe('typed errors at every entry point', () => {
  it('the arguments the attack used: VALIDATION or CONFIGURATION naming the field, nothing raw', async () => {
    const cases: [string, () => unknown, string][] = [
      ['enqueueImport(undefined)', () => jobs.enqueueImport(undefined as never), 'VALIDATION'],
      ['enqueueAutoMap(undefined)', () => jobs.enqueueAutoMap(undefined as never), 'VALIDATION'],
      ['startWorker(undefined)', () => jobs.startWorker(undefined as never), 'VALIDATION'],
      ['status(t, "not-a-uuid")', () => jobs.status('t', 'not-a-uuid'), 'VALIDATION'],
      ['cancel(t, "not-a-uuid")', () => jobs.cancel('t', 'not-a-uuid'), 'VALIDATION'],
      [
        'a tenant with a NUL',
        () => jobs.enqueueImport({ tenant: 'a\u0000b', plan: plan('p') }),
        'VALIDATION',
      ],
      [
        'a tenant with a lone surrogate',
        () => jobs.enqueueImport({ tenant: 'x\uD800', plan: plan('p') }),
        'VALIDATION',
      ],
      [
        'status of a lone-surrogate tenant',
        () => jobs.status('x\uDBFF', '00000000-0000-8000-8000-000000000000'),
        'VALIDATION',
      ],
      [
        'createJobQueue({ maintenanceIntervalSeconds: 0 })',
        () => createJobQueue({ connectionString: url, maintenanceIntervalSeconds: 0 }),
        'CONFIGURATION',
      ],
      [
        'createJobQueue({ schema: "a\\"b" })',
        () => createJobQueue({ connectionString: url, schema: 'a"b' }),
        'CONFIGURATION',
      ],
      [
        'createJobQueue({ maxConnections: -1 })',
        () => createJobQueue({ connectionString: url, maxConnections: -1 }),
        'CONFIGURATION',
      ],
      ['createJobQueue(undefined)', () => createJobQueue(undefined as never), 'CONFIGURATION'],
      ['list(t, { limit: 0 })', () => jobs.list('t', { limit: 0 }), 'VALIDATION'],
    ];
    for (const [name, call, code] of cases) {
      const error = await outcomeOf(call);
      expect(error, name).toBeInstanceOf(PsaBridgeError);
      expect((error as PsaBridgeError).code, name).toBe(code);
    }
  });

  it('a fuzz of every queue method’s arguments: only psa-bridge errors, never a hang', async () => {
    const methods = ['enqueueImport', 'enqueueAutoMap', 'status', 'cancel', 'list', 'startWorker'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        fc.array(fc.anything({ withBigInt: true }), { maxLength: 3 }),
        async (method, args) => {
          const error = await outcomeOf(async () => {
            const result = await (jobs[method] as (...a: unknown[]) => Promise<unknown>)(...args);
            if (method === 'startWorker' && result) await (result as { stop(): Promise<void> }).stop();
          });
          if (error !== undefined)
            expect(isPsaBridgeError(error) && error.code !== 'INTERNAL', String(error)).toBe(true);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a database that is down: STORAGE from status, enqueue and cancel, not a driver error', async () => {
    const server = await startTestPostgres();
    const queue = await createJobQueue({ connectionString: server.url, maintenanceIntervalSeconds: 60 });
    const id = await queue.enqueueImport({ tenant: 't', plan: plan('down') });
    await server.stop();
    for (const call of [
      () => queue.status('t', id),
      () => queue.enqueueImport({ tenant: 't', plan: plan('down-2') }),
      () => queue.cancel('t', id),
      () => queue.list('t'),
    ]) {
      const error = await outcomeOf(call, 30_000);
      expect(isPsaBridgeError(error, 'STORAGE'), String(error)).toBe(true);
    }
    await queue.close();
  }, 90_000);
});

describe('a tenant-scoped job API with jobs that are what they do', () => {
  it('another tenant’s job id is unknown: status null, cancel NOT_FOUND, not in its list', async () => {
    const id = await jobs.enqueueImport({ tenant: 'north', plan: plan('scoped') });
    expect(await jobs.status('south', id)).toBeNull();
    await expect(jobs.cancel('south', id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await jobs.list('south')).map((job) => job.id)).not.toContain(id);
    expect((await jobs.list('north')).map((job) => job.id)).toContain(id);
    await jobs.cancel('north', id);
  });

  it('the same plan with other options is another job; the same options in another key order the same job', async () => {
    const a = await jobs.enqueueImport({
      tenant: 'ids',
      plan: plan('same'),
      options: { batchSize: 5, allowSeatShortage: true },
    });
    const b = await jobs.enqueueImport({
      tenant: 'ids',
      plan: plan('same'),
      options: { allowSeatShortage: true, batchSize: 5 },
    });
    const c = await jobs.enqueueImport({ tenant: 'ids', plan: plan('same'), options: { batchSize: 10 } });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    const m1 = await jobs.enqueueAutoMap({
      tenant: 'ids',
      connectionId: 'c',
      options: { dryRun: true, onlyUnmapped: true },
    });
    const m2 = await jobs.enqueueAutoMap({
      tenant: 'ids',
      connectionId: 'c',
      options: { onlyUnmapped: true, dryRun: true },
    });
    expect(m2).toBe(m1);
  });

  it('enqueueing an ended job again is a new job, and the ended one stays readable', async () => {
    const first = await jobs.enqueueImport({ tenant: 'rerun', plan: plan('again') });
    await jobs.cancel('rerun', first);
    const second = await jobs.enqueueImport({ tenant: 'rerun', plan: plan('again') });
    expect(second).not.toBe(first);
    expect((await jobs.status('rerun', first))?.state).toBe('cancelled');
    expect((await jobs.status('rerun', second))?.state).toBe('queued');
    await jobs.cancel('rerun', second);
  });
});

describe('queues that start together (finding 6)', () => {
  it('three createJobQueue() at once on a new database all start', async () => {
    for (let round = 0; round < 2; round += 1) {
      const fresh = await freshDatabase();
      const queues = await Promise.all([1, 2, 3].map(() => createJobQueue({ connectionString: fresh })));
      await Promise.all(queues.map((queue) => queue.close()));
    }
  }, 60_000);
});
