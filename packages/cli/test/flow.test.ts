import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutoMapReport, ImportPlan, ImportReport, MappingHealthReport } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoVariables } from '../src/setup/demo-variables.js';
import { cleanEnv, runBin, startBin, waitFor } from './support/run-bin.js';

let world: DemoWorld;
let env: Record<string, string>;
let store: string;
beforeAll(async () => {
  // Some latency, so an import of one user per batch is slow enough to interrupt.
  world = await createDemoWorld({ latencyMs: 15 });
  store = mkdtempSync(join(tmpdir(), 'cli-store-'));
  env = cleanEnv({ ...demoVariables(world), PSA_BRIDGE_KEY: randomBytes(32).toString('base64') });
});
afterAll(() => world.close());

const cli = (...args: string[]) => runBin(['--psa', 'connectwise', '--store', store, ...args], { env });
const json = async <T>(...args: string[]) => {
  const result = await cli('--json', ...args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};
const acmeEmails = () => {
  const account = world.gotoFake.account('Acme Corporation');
  return world.gotoFake.users(account?.key ?? '').map((user) => user.email.toLowerCase());
};

describe('the flow on a file store, one process per command', () => {
  it('accounts, automap (dry run first), search with filters, map by hand, verify', async () => {
    const accounts = await json<{ accounts: { account: { name: string }; mapping: unknown }[] }>('accounts');
    expect(accounts.accounts.map((row) => [row.account.name, row.mapping])).toEqual([
      ['Acme Corporation', null],
      ['Globex B.V.', null],
      ['Initech LLC', null],
    ]);
    const dry = await json<AutoMapReport & { dryRun: boolean }>('automap', '--dry-run');
    expect(dry.dryRun).toBe(true);
    expect(dry.totals.saved).toBe(0);
    expect(
      (await json<{ accounts: { mapping: unknown }[] }>('accounts')).accounts.every(
        (row) => row.mapping === null,
      ),
    ).toBe(true);

    const saved = await json<AutoMapReport>('automap');
    expect(saved.rows.map((row) => [row.account.name, row.outcome, row.saved])).toEqual([
      ['Acme Corporation', 'found', true],
      ['Globex B.V.', 'found', true],
      ['Initech LLC', 'none', false],
    ]);

    const statuses = await json<{
      filters: { statuses: { id: string; name: string }[] };
      items: { name: string }[];
    }>('search', 'globex', '--filters');
    const inactive = statuses.filters.statuses.find((status) => status.name === 'Inactive');
    expect(statuses.items.map((company) => company.name)).toEqual(['Globex B.V.', 'Globex BV']);
    const onlyInactive = await json<{ items: { id: string; name: string }[] }>(
      'search',
      'globex',
      '--status',
      inactive?.id ?? '',
    );
    expect(onlyInactive.items.map((company) => company.name)).toEqual(['Globex BV']);

    // Initech has no company in ConnectWise: map it by hand to one that exists (inactive: only when
    // told, SPEC R3), then unknown ids are refused.
    const refused = await cli('map', 'initech llc', onlyInactive.items[0]?.id ?? '');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"Globex BV"');
    expect(refused.stderr).toContain('inactive');
    const mapped = await json<{ companyName: string }>(
      'map',
      'initech llc',
      onlyInactive.items[0]?.id ?? '',
      '--allow-inactive',
    );
    expect(mapped.companyName).toBe('Globex BV');
    const unknown = await cli('map', 'Initech LLC', '999999');
    expect(unknown.code).toBe(9);
    const noAccount = await cli('map', 'Umbrella', '9001');
    expect(noAccount.code).toBe(9);
    expect(noAccount.stderr).toContain('No GoTo account with the key or name "Umbrella"');

    // The hand-made mapping points at an inactive company: verify says so, with exit 10.
    const verified = await cli('--json', 'verify');
    expect(verified.code).toBe(10);
    const health = JSON.parse(verified.stdout) as MappingHealthReport;
    expect(health.checked).toBe(3);
    expect(health.issues.map((issue) => [issue.account?.name, issue.problem])).toEqual([
      ['Initech LLC', 'inactive'],
    ]);
  });

  it('plan, then an import stopped by Ctrl-C after the batch in flight, resumed by the same command: nobody twice', async () => {
    const plan = await json<ImportPlan>('plan', 'Acme Corporation');
    const toCreate = plan.rows
      .filter((row) => row.action === 'create')
      .map((row) => row.email?.toLowerCase());
    expect(toCreate.length).toBeGreaterThan(20);
    const before = acmeEmails();

    const first = startBin(
      ['--psa', 'connectwise', '--store', store, 'import', 'Acme Corporation', '--batch-size', '1'],
      { env },
    );
    await waitFor(() => /import: \d+\/\d+, about/.test(first.output().stderr), 'the first batches');
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('Stopping after the batch in flight');
    expect(stopped.stderr).toMatch(/Stopped: \d+ of \d+ done\. Run the same command again to go on\./);
    const afterStop = acmeEmails().filter((email) => !before.includes(email));
    expect(afterStop.length).toBeGreaterThan(0);
    expect(afterStop.length).toBeLessThan(toCreate.length);

    const resumed = await json<ImportReport>('import', 'Acme Corporation', '--batch-size', '5');
    expect(resumed.runId).toBe(plan.id);
    expect(resumed.run).toBe(2);
    expect(resumed.totals.created).toBe(toCreate.length);
    const emails = acmeEmails();
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of toCreate) expect(emails.filter((held) => held === email)).toHaveLength(1);

    expect(resumed.rows.filter((row) => row.outcome === 'created' && row.createdInRun === 2).length).toBe(
      toCreate.length - afterStop.length,
    );
    const again = await json<ImportReport>('import', 'Acme Corporation');
    expect(again.totals.newlyCreated).toBe(0);
    // The summary says what this run created, and what the import created in all.
    const text = await cli('import', 'Acme Corporation');
    expect(text.stdout).toContain(`created 0 in this run (${toCreate.length} by this import in all)`);
    expect(acmeEmails()).toHaveLength(emails.length);
  });

  it('--plan --out writes the plan; the text output is a table and a summary', async () => {
    const out = join(store, 'plan.json');
    const result = await cli('plan', 'Acme Corporation', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\d+ to create, \d+ skipped \(plan import-/);
    expect(result.stdout).toContain('skip: no-email');
    expect((JSON.parse(readFileSync(out, 'utf8')) as ImportPlan).accountKey).toBe(
      world.gotoFake.account('Acme Corporation')?.key,
    );
  });

  it('a store folder without PSA_BRIDGE_KEY is refused with exit 3, before anything is read', async () => {
    const { PSA_BRIDGE_KEY: _key, ...withoutKey } = env;
    const result = await runBin(['--psa', 'connectwise', '--store', store, 'accounts'], { env: withoutKey });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Set PSA_BRIDGE_KEY');
  });

  it('a GoTo failure mid-command is one typed line with its exit code, as JSON too', async () => {
    world.gotoFake.host.faults.push({ kind: 'status', status: 503 }, 20, { path: /\/admin\/rest\/v1\// });
    try {
      const result = await cli('--json', 'accounts');
      expect(result.code).toBe(8);
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'UPSTREAM' }, exitCode: 8 });
    } finally {
      world.gotoFake.host.faults.clear();
    }
  });
});

describe('psa-bridge demo-world', () => {
  it('serves the demo world for other commands until Ctrl-C', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-demo-world-'));
    const varsFile = join(folder, 'demo.vars');
    const server = startBin(['demo-world', '--write-vars', varsFile, '--latency', '0'], { env: cleanEnv() });
    try {
      await waitFor(() => server.output().stdout.includes('Ctrl-C stops it.'), 'the demo world');
      const doctor = await runBin(['--vars-file', varsFile, '--psa', 'datto', 'doctor'], { env: cleanEnv() });
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
      const missing = await runBin(['--vars-file', join(folder, 'nope.vars'), 'doctor'], { env: cleanEnv() });
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('Cannot read --vars-file');
    } finally {
      server.child.kill('SIGINT');
    }
    expect((await server.done).code).toBe(0);
  });
});
