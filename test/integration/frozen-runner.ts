/**
 * The frozen-runner attack (SPEC I8): runner A freezes itself (SIGSTOP) mid-batch, its lease
 * lapses, runner B takes the import over and finishes it, then A wakes (SIGCONT). Counts the
 * create requests that carried each contact's email at GoTo: one each, or a runner sent twice.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FreezePoint, FrozenChildInput } from './frozen-child.js';
import { type Scenario, SECRET_KEY } from './scenario.js';

const child = fileURLToPath(new URL('./frozen-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** What happened. */
export interface FrozenRunResult {
  /** Create requests per email identity at GoTo. */
  readonly sends: ReadonlyMap<string, number>;
  /** Emails the plan creates. */
  readonly creates: readonly string[];
  /** Users GoTo holds afterwards, by email. */
  readonly users: readonly string[];
  /** The frozen runner's output (its last line says how it ended). */
  readonly output: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the attack on `scenario`; `stores` tells the child which stores the scenario's bridge uses. */
export async function freezeRunnerPastItsLease(
  scenario: Scenario,
  stores: FrozenChildInput['stores'],
  freezeAt: FreezePoint,
  leaseTtlMs = 1_500,
): Promise<FrozenRunResult> {
  const { bridge, connectionId, accountKey, gotoFake, directory } = scenario;
  const plan = await bridge.imports.plan({ connectionId, accountKey });
  const planPath = join(directory, `plan-${freezeAt}.json`);
  await writeFile(planPath, JSON.stringify(plan));
  const input: FrozenChildInput = {
    stores,
    secretKey: SECRET_KEY,
    gotoOptions: scenario.gotoOptions,
    planPath,
    leaseTtlMs,
    freezeAt,
    freezeBatch: 2,
  };
  const runner = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(input)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  runner.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  runner.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => runner.on('exit', () => resolve()));
  try {
    const deadline = Date.now() + 30_000;
    while (!output.includes('frozen') && Date.now() < deadline && runner.exitCode === null) await sleep(10);
    if (!output.includes('frozen')) throw new Error(`the runner never froze:\n${output}`);
    // Past the lease, then another runner takes the import over and finishes it.
    await sleep(leaseTtlMs + 300);
    const report = await bridge.imports.run(plan, { batchSize: 3, leaseTtlMs });
    if (report.totals.failed !== 0) throw new Error(`the second runner failed ${report.totals.failed}`);
    runner.kill('SIGCONT');
    await Promise.race([exited, sleep(20_000)]);
  } finally {
    runner.kill('SIGKILL');
  }
  // Anything the woken runner sent has landed by now.
  await sleep(200);
  return {
    sends: new Map(gotoFake.state.createsSent),
    creates: plan.rows.filter((row) => row.action === 'create').map((row) => row.email ?? ''),
    users: gotoFake.users(accountKey).map((user) => user.email),
    output,
  };
}
