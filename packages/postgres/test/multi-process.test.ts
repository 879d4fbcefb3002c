import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBridge } from '@psa-bridge/core';
import { collect } from '@psa-bridge/core/testing';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, keyOf } from './support/databases.js';
import type { ImportWorkerInput } from './support/import-worker.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const worker = (name: string) => fileURLToPath(new URL(`./support/${name}`, import.meta.url));

/** Starts a child process with tsx; `output` collects what it prints. */
function start(script: string, args: string[]) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', worker(script), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { output: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    state.output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, state, exited };
}

let url: string;
beforeAll(async () => {
  url = await freshDatabase();
  await migrate({ connectionString: url });
});

describe('several processes on one database (SPEC S1)', () => {
  it('appends from four processes at once: every entry kept, a shared outcome kept once', async () => {
    const workers = Array.from({ length: 4 }, (_, i) =>
      start('append-worker.ts', [url, 'appends', String(i), '150', '25']),
    );
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.state.output).join('\n')).toEqual([0, 0, 0, 0]);
    const conflicts = workers.map(
      (w) => JSON.parse(w.state.output.trim().split('\n').at(-1) ?? '{}').conflicts as number,
    );
    // 25 shared contacts, each kept by exactly one process: the other three were refused.
    expect(conflicts.reduce((a, b) => a + b, 0)).toBe(25 * 3);
    const stores = createPostgresStores({ connectionString: url, tenant: 'appends', secretKey: keyOf(1) });
    const entries = await collect(stores.journal.read('race'));
    await stores.close();
    expect(entries).toHaveLength(4 * 150 + 25);
    const ids = entries.map((entry) => (entry.type === 'outcome' ? entry.contactId : ''));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('runs one import on three processes, one SIGKILLed mid-run: every contact created once, none lost', async () => {
    const world = await createDemoWorld({ latencyMs: 10 });
    const tenant = 'import-race';
    const secretKey = keyOf(7);
    try {
      const stores = createPostgresStores({ connectionString: url, tenant, secretKey });
      const bridge = createBridge({ providers: world.providers, goto: goto(world.goto), stores });
      const saved = await bridge.connections.testAndSave({
        providerId: 'connectwise',
        product: 'resolve',
        credentials: world.connectwise.credentials,
      });
      if (!saved.saved) throw new Error(saved.failure.message);
      const acme = world.gotoFake.account('Acme Corporation');
      if (!acme) throw new Error('the demo world has no Acme');
      await bridge.mappings.save({
        connectionId: saved.connection.id,
        accountKey: acme.key,
        companyId: '9001',
      });
      const plan = await bridge.imports.plan({ connectionId: saved.connection.id, accountKey: acme.key });
      const creates = plan.rows.filter((row) => row.action === 'create');
      const before = world.gotoFake.users(acme.key).length;
      const planPath = join(mkdtempSync(join(tmpdir(), 'psa-bridge-plan-')), 'plan.json');
      writeFileSync(planPath, JSON.stringify(plan));
      const input: ImportWorkerInput = {
        url,
        tenant,
        secretKey,
        gotoOptions: world.goto,
        planPath,
        leaseTtlMs: 1_500,
      };
      const workers = Array.from({ length: 3 }, () => start('import-worker.ts', [JSON.stringify(input)]));

      // Kill whichever process is importing once a few users exist.
      const deadline = Date.now() + 30_000;
      while (world.gotoFake.users(acme.key).length < before + 8 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const holder = workers.find((w) => w.state.output.includes('done '));
      expect(holder, workers.map((w) => w.state.output).join('\n---\n')).toBeDefined();
      holder?.child.kill('SIGKILL');
      const codes = await Promise.all(workers.map((w) => w.exited));
      const survivors = workers.filter((w) => w !== holder);
      expect(
        survivors.map((w) => codes[workers.indexOf(w)]),
        survivors.map((w) => w.state.output).join('\n---\n'),
      ).toEqual([0, 0]);

      const emails = world.gotoFake.users(acme.key).map((user) => user.email.toLowerCase());
      expect(emails.length - before).toBe(creates.length);
      expect(new Set(emails).size).toBe(emails.length);
      for (const row of creates) expect(emails).toContain(row.email?.toLowerCase());
      const report = await bridge.imports.run(plan);
      expect(report.totals).toMatchObject({ created: creates.length, failed: 0 });
      await stores.close();
    } finally {
      await world.close();
    }
  });

  it('two processes start one plan at the same moment, many times: the loser stops with CONFLICT and sends nothing, every contact reaches GoTo once (I8)', async () => {
    const secretKey = keyOf(8);
    for (let round = 0; round < 3; round += 1) {
      // A fresh world each round: every contact is new to GoTo.
      const world = await createDemoWorld({ latencyMs: 20 });
      try {
        const tenant = `same-moment-${round}`;
        const stores = createPostgresStores({ connectionString: url, tenant, secretKey });
        const bridge = createBridge({ providers: world.providers, goto: goto(world.goto), stores });
        const saved = await bridge.connections.testAndSave({
          providerId: 'connectwise',
          product: 'resolve',
          credentials: world.connectwise.credentials,
        });
        if (!saved.saved) throw new Error(saved.failure.message);
        const account = world.gotoFake.account('Acme Corporation');
        if (!account) throw new Error('the demo world has no Acme');
        await bridge.mappings.save({
          connectionId: saved.connection.id,
          accountKey: account.key,
          companyId: '9001',
        });
        const plan = await bridge.imports.plan({
          connectionId: saved.connection.id,
          accountKey: account.key,
        });
        const creates = plan.rows.filter((row) => row.action === 'create');
        const planPath = join(mkdtempSync(join(tmpdir(), 'psa-bridge-plan-')), 'plan.json');
        writeFileSync(planPath, JSON.stringify(plan));
        const input: ImportWorkerInput = {
          url,
          tenant,
          secretKey,
          gotoOptions: world.goto,
          planPath,
          leaseTtlMs: 3_000,
          batchSize: 2,
          once: true,
        };
        const pair = [0, 1].map(() => start('import-worker.ts', [JSON.stringify(input)]));
        const codes = await Promise.all(pair.map((w) => w.exited));
        const outputs = pair.map((w) => w.state.output);
        expect(codes, outputs.join('\n---\n')).toEqual([0, 0]);
        const stopped = outputs.filter((output) => output.includes('stopped CONFLICT'));
        const finished = outputs.filter((output) => output.includes('finished'));
        // One ran it; the other either stopped at once or came after and found nothing left.
        expect(finished.length + stopped.length).toBe(2);
        expect(finished.length).toBeGreaterThanOrEqual(1);
        console.log(`round ${round}: ${stopped.length} stopped with CONFLICT`);
        for (const row of creates) {
          const key = (row.email ?? '').toLowerCase();
          expect(world.gotoFake.state.createsSent.get(key), `round ${round}: ${row.email}`).toBe(1);
        }
        await stores.close();
      } finally {
        await world.close();
      }
    }
  }, 90_000);
});
