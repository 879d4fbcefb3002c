import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built bin: the tests run what `npx psa-bridge` runs. */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** What a finished run printed, and its exit code. */
export interface BinResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The parent's environment without any vendor variable, so only what a test gives counts. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(GOTO_|CW_|AUTOTASK_|HALO_|PSA_BRIDGE_)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Starts the bin; `done` resolves when it exits. */
export function startBin(
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly cwd?: string } = {},
): { readonly child: ChildProcess; readonly output: () => BinResult; readonly done: Promise<BinResult> } {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (npm test builds it)`);
  const child = spawn(process.execPath, [BIN, ...args], {
    env: options.env ?? cleanEnv(),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const output = () => ({ code: child.exitCode, signal: child.signalCode, stdout, stderr });
  const done = new Promise<BinResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output, done };
}

/** Runs the bin to its end. */
export function runBin(
  args: readonly string[],
  options: { readonly env?: Record<string, string>; readonly cwd?: string } = {},
): Promise<BinResult> {
  return startBin(args, options).done;
}

/** Waits until `test` holds for what the process printed so far. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
