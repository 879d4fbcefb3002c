import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CrashChildInput } from './import-child.js';
import { SECRET_KEY, startScenario } from './scenario.js';

const child = fileURLToPath(new URL('./import-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('an import killed mid-run in another process (SPEC I6)', () => {
  it('resumes from the journal file alone: nobody created twice, nobody lost', async () => {
    const scenario = await startScenario({
      kind: 'connectwise',
      contacts: 200,
      virtualTime: false,
      gotoHost: { latencyMs: 10 },
    });
    try {
      const { bridge, connectionId, accountKey, gotoFake, directory } = scenario;
      const plan = await bridge.imports.plan({ connectionId, accountKey });
      const creates = plan.rows.filter((row) => row.action === 'create');
      const planPath = join(directory, 'plan.json');
      await writeFile(planPath, JSON.stringify(plan));
      const input: CrashChildInput = {
        directory,
        secretKey: SECRET_KEY,
        kind: 'connectwise',
        gotoOptions: scenario.gotoOptions,
        planPath,
      };

      // The child runs the import through the built packages; it is killed once some users exist.
      const process = spawn(globalThis.process.execPath, ['--import', 'tsx', child, JSON.stringify(input)], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      process.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      process.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => process.on('exit', (code) => resolve(code)));
      const deadline = Date.now() + 30_000;
      while (gotoFake.users(accountKey).length < 40 && Date.now() < deadline && process.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      process.kill('SIGKILL');
      await exited;
      const createdByChild = gotoFake.users(accountKey).length;
      expect(createdByChild, output).toBeGreaterThanOrEqual(40);
      expect(createdByChild).toBeLessThan(creates.length);

      // The killed runner's lease still runs: a resume now stops with a clear reason (SPEC I8).
      await expect(bridge.imports.run(plan, { batchSize: 25 })).rejects.toMatchObject({ code: 'CONFLICT' });
      // Once it lapses, a new bridge over the same files resumes the plan.
      await new Promise((resolve) => setTimeout(resolve, 3_100));
      const report = await bridge.imports.run(plan, { batchSize: 25 });
      expect(report.totals).toMatchObject({ created: creates.length, failed: 0 });
      const emails = gotoFake.users(accountKey).map((user) => user.email);
      expect(emails).toHaveLength(creates.length);
      expect(new Set(emails).size).toBe(creates.length);
      for (const row of creates) expect(emails).toContain(row.email);
    } finally {
      await scenario.close();
    }
  });
});
