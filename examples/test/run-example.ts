import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The examples folder. */
export const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Variables that switch the examples to real vendors; removed so a developer's shell cannot leak in. */
const REAL_VENDOR_VARIABLES = /^(GOTO_|CW_|AUTOTASK_|PSA_BRIDGE_)/;

/** What an example printed and how it ended. */
export interface ExampleRun {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs an example as a developer would (`tsx <file>` from examples/, through the built
 * packages), with stdout not a TTY, and the given extra environment.
 */
export function runExample(file: string, env: Record<string, string> = {}): Promise<ExampleRun> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !REAL_VENDOR_VARIABLES.test(key)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: examplesDir,
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}
