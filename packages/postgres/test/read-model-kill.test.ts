import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createBridge, isPsaBridgeError, type RefreshReport } from '@psa-bridge/core';
import { createMemoryGoto } from '@psa-bridge/core/testing';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';
import type { RefreshWorkerInput } from './support/refresh-worker.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = fileURLToPath(new URL('./support/refresh-worker.ts', import.meta.url));
const KEY = keyOf(4);
const PAGE = 50;

let url: string;
const fake = createConnectWiseFake({ companies: 520, seed: 12, host: { latencyMs: 25 } });
let server: Awaited<ReturnType<typeof fake.listen>>;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
  server = await fake.listen();
});
afterAll(() => server?.close());

const listings = () =>
  Object.entries(fake.host.stats.byRoute)
    .filter(([route]) => /^GET .*\/company\/companies$/.test(route))
    .reduce((sum, [, count]) => sum + count, 0);

function child(input: RefreshWorkerInput) {
  const process_: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(input)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { output: '' };
  process_.stdout?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  process_.stderr?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => process_.on('exit', () => resolve()));
  return { process: process_, state, exited };
}

describe('a refresh SIGKILLed mid-way, on PostgreSQL (SPEC R1)', () => {
  it.each([1, 4, 8])(
    'killed after %i pages: the next one goes on from the page in flight, nothing lost or twice',
    {
      timeout: 60_000,
    },
    async (pages) => {
      const tenant = `killed-after-${pages}`;
      const bridge = createBridge({
        providers: [connectwise({ ...server.clientOptions, pageSize: PAGE })],
        goto: createMemoryGoto({ accounts: [] }).client(),
        stores: createPostgresStores({ connectionString: url, tenant, secretKey: KEY }),
        refreshLeaseMs: 1_000,
      });
      const saved = await bridge.connections.testAndSave({
        providerId: 'connectwise',
        product: 'resolve',
        credentials: server.credentials,
      });
      if (!saved.saved) throw new Error(saved.failure.message);
      const connectionId = saved.connection.id;
      const live = fake.data.companies.filter((company) => !company.deletedFlag).length;
      const total = Math.ceil(live / PAGE);

      const worker = child({
        url,
        tenant,
        secretKey: KEY,
        connectionId,
        clientOptions: server.clientOptions,
        leaseMs: 1_000,
      });
      for (let wait = 0; !worker.state.output.includes(`page ${pages * PAGE}\n`); wait += 1) {
        if (wait > 2_000 || worker.state.output.includes('done')) throw new Error(worker.state.output);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      worker.process.kill('SIGKILL');
      await worker.exited;
      const before = listings();

      // The dead refresh holds its lease for a second; then this one takes it over.
      let report: RefreshReport | undefined;
      for (let attempt = 0; !report; attempt += 1) {
        try {
          report = await bridge.refresh(connectionId, { mode: 'full', parts: ['companies'] });
        } catch (error) {
          if (!isPsaBridgeError(error, 'CONFLICT') || attempt > 100) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(report.companies).toMatchObject({ mode: 'full', resumed: true, read: live, removed: 0 });
      // Only the pages after the last one written: at most the one in flight and the one read ahead again.
      const reread = listings() - before;
      expect(reread).toBeGreaterThanOrEqual(total - pages - 1);
      expect(reread).toBeLessThanOrEqual(total - pages + 1);
      const column = await bridge.mappings.search(connectionId, { name: '' }, { pageSize: 1_000 });
      const ids = column.items.map((company) => company.id);
      expect(ids).toHaveLength(live);
      expect(new Set(ids).size).toBe(live);
    },
  );
});
