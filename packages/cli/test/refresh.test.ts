import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RefreshReport } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoVariables } from '../src/setup/demo-variables.js';
import { cleanEnv, runBin } from './support/run-bin.js';

let world: DemoWorld;
let env: Record<string, string>;
let store: string;
beforeAll(async () => {
  world = await createDemoWorld();
  store = mkdtempSync(join(tmpdir(), 'cli-refresh-'));
  env = cleanEnv({ ...demoVariables(world), PSA_BRIDGE_KEY: randomBytes(32).toString('base64') });
});
afterAll(() => world.close());

const cli = (...args: string[]) => runBin(['--psa', 'connectwise', '--store', store, ...args], { env });

interface AccountsAnswer {
  accounts: { account: { name: string } }[];
  counts: { all: number; mapped: number; unmapped: number; needsAttention: number | null };
  refreshedAt: string | null;
}

describe('psa-bridge refresh (SPEC R1)', () => {
  it('keeps a copy the next commands read, says how fresh it is, then reads only changes', async () => {
    const live = await cli('--json', 'accounts');
    expect(live.code, live.stderr).toBe(0);
    expect((JSON.parse(live.stdout) as AccountsAnswer).refreshedAt).toBeNull();
    expect((await cli('accounts')).stdout).toContain('Read live from GoTo');

    const first = await cli('--json', 'refresh');
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as RefreshReport;
    expect(report.accounts?.read).toBeGreaterThan(0);
    expect(report.companies?.mode).toBe('full');
    // Progress goes to stderr, one line per page when it is not a terminal; stdout stays JSON.
    expect(first.stderr).toMatch(/PSA companies: \d+\/\d+/);

    const copy = JSON.parse(
      (await cli('--json', 'accounts', '--filter', 'unmapped')).stdout,
    ) as AccountsAnswer;
    expect(copy.refreshedAt).not.toBeNull();
    expect(copy.counts.all).toBe(report.accounts?.read);
    expect(copy.accounts).toHaveLength(copy.counts.unmapped);
    const human = await cli('accounts', '--search', 'acme');
    expect(human.stdout).toContain('Acme Corporation');
    expect(human.stdout).toMatch(/Refreshed (just now|1 minute ago)/);

    const again = JSON.parse((await cli('--json', 'refresh', '--part', 'companies')).stdout) as RefreshReport;
    expect(again.accounts).toBeUndefined();
    expect(again.companies?.mode).toBe('incremental');
    expect(again.companies?.read).toBeLessThan(report.companies?.read ?? 0);
  });

  it('refuses a mode or part it does not know, as a usage error', async () => {
    const mode = await cli('refresh', '--mode', 'sometimes');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('sometimes');
    const part = await cli('refresh', '--part', 'users');
    expect(part.code).toBe(2);
  });
});
