import { randomBytes } from 'node:crypto';
import type { AutoMapReport, ImportReport } from '@psa-bridge/core';
import { createDemoWorld, type DemoWorld } from '@psa-bridge/demo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../postgres/test/support/postgres-server.js';
import { demoVariables } from '../src/setup/demo-variables.js';
import { cleanEnv, runBin } from './support/run-bin.js';

let world: DemoWorld;
let postgres: TestPostgres;
beforeAll(async () => {
  [world, postgres] = await Promise.all([createDemoWorld(), startTestPostgres()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([world?.close(), postgres?.stop()]);
});

it('works on a PostgreSQL store: migrated on first use, tenants apart, an import nobody sees twice', async () => {
  const env = cleanEnv({
    ...demoVariables(world),
    PSA_BRIDGE_KEY: randomBytes(32).toString('base64'),
    PSA_BRIDGE_STORE: postgres.url,
  });
  const cli = async <T>(tenant: string, ...args: string[]): Promise<T> => {
    const result = await runBin(['--json', '--psa', 'datto', '--tenant', tenant, ...args], { env });
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  const mapped = await cli<AutoMapReport>('msp-one', 'automap');
  expect(mapped.totals.saved).toBeGreaterThan(0);
  const other = await cli<{ accounts: { mapping: unknown }[] }>('msp-two', 'accounts');
  expect(other.accounts.every((row) => row.mapping === null)).toBe(true);

  const account = mapped.rows.find((row) => row.saved)?.account.name ?? '';
  const first = await cli<ImportReport>('msp-one', 'import', account);
  expect(first.totals.created).toBeGreaterThan(0);
  const again = await cli<ImportReport>('msp-one', 'import', account);
  expect(again.runId).toBe(first.runId);
  expect(again.totals.newlyCreated).toBe(0);
  const key = mapped.rows.find((row) => row.saved)?.account.key ?? '';
  const emails = world.gotoFake.users(key).map((user) => user.email.toLowerCase());
  expect(new Set(emails).size).toBe(emails.length);
});
