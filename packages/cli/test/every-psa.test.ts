import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AutoMapReport, ImportReport } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoVariables } from '../src/setup/demo-variables.js';
import { PSA_IDS } from '../src/setup/open-vendors.js';
import { cleanEnv, runBin, startBin } from './support/run-bin.js';

let world: DemoWorld;
let env: Record<string, string>;
beforeAll(async () => {
  world = await createDemoWorld();
  env = cleanEnv({ ...demoVariables(world), PSA_BRIDGE_KEY: randomBytes(32).toString('base64') });
});
afterAll(() => world.close());

describe('every flow command works with every PSA the CLI knows (the one list of them)', () => {
  // ConnectWise goes through the whole flow in flow.test.ts; here the other PSAs, command by command.
  it.each(PSA_IDS.filter((id) => id !== 'connectwise'))(
    '%s: accounts, search, automap, map, plan, import, verify',
    async (psa) => {
      const store = mkdtempSync(join(tmpdir(), `cli-${psa}-`));
      const cli = (...args: string[]) => runBin(['--psa', psa, '--store', store, '--json', ...args], { env });
      const ok = async <T>(...args: string[]): Promise<T> => {
        const result = await cli(...args);
        expect(result.code, `${psa} ${args.join(' ')}: ${result.stderr}`).toBe(0);
        return JSON.parse(result.stdout) as T;
      };
      const accounts = await ok<{ accounts: { account: { name: string } }[] }>('accounts');
      expect(accounts.accounts.length).toBeGreaterThan(0);
      const search = await ok<{ items: { id: string; name: string }[] }>('search', 'a');
      expect(search.items.length).toBeGreaterThan(0);
      const automap = await ok<AutoMapReport>('automap');
      const found = automap.rows.find((row) => row.saved);
      const unmapped = automap.rows.find((row) => !row.saved && !row.existing);
      expect(found, JSON.stringify(automap.totals)).toBeDefined();
      if (unmapped) {
        const mapped = await ok<{ companyId: string }>(
          'map',
          unmapped.account.name,
          search.items[0]?.id ?? '',
        );
        expect(mapped.companyId).toBe(search.items[0]?.id);
      }
      const plan = await ok<{ id: string; rows: { action: string }[] }>('plan', found?.account.name ?? '');
      expect(plan.rows.length).toBeGreaterThan(0);
      const report = await ok<ImportReport>('import', found?.account.name ?? '');
      expect(report.runId).toBe(plan.id);
      expect(report.totals.failed).toBe(0);
      const verified = await cli('verify');
      expect([0, 10], verified.stderr).toContain(verified.code);
    },
    60_000,
  );

  it('--demo: plan after automap says the demo world keeps nothing between commands, and how to keep it', async () => {
    const result = await runBin(['--demo', '--psa', 'halo', 'plan', 'Acme Corporation'], { env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--demo starts a fresh demo world for every command');
    expect(result.stderr).toContain('psa-bridge demo-world');
  });
});

describe('a closed pipe', () => {
  it('psa-bridge --demo doctor | head -1: the CLI ends quietly, no EPIPE stack, exit 0', async () => {
    const run = startBin(['--demo', 'doctor'], { env: cleanEnv() });
    // Read the first line, then close the pipe as `head -1` does.
    await new Promise<void>((resolve) => {
      run.child.stdout?.once('data', () => {
        run.child.stdout?.destroy();
        resolve();
      });
    });
    const result = await run.done;
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled 'error' event|at .+\.js:\d+/);
    expect(result.code).toBe(0);
  }, 30_000);
});
