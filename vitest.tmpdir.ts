/**
 * Every test run gets a temporary folder of its own, and nothing the tests write to the
 * temporary directory outlives the run: each project's global setup points `TMPDIR` (what
 * `os.tmpdir()` reads, in the test workers and in every process they start) at one folder, and the
 * last teardown removes it, after a failure too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FOLDER = 'PSA_BRIDGE_TEST_TMPDIR';
const USERS = 'PSA_BRIDGE_TEST_TMPDIR_USERS';

/** Points `TMPDIR` at the run's folder (made by the first project to start); removes it after the last. */
export default function setup(): () => void {
  if (!process.env[FOLDER]) {
    const folder = mkdtempSync(join(tmpdir(), 'psa-bridge-test-run-'));
    process.env[FOLDER] = folder;
    process.env.TMPDIR = folder;
  }
  process.env[USERS] = String(Number(process.env[USERS] ?? 0) + 1);
  return () => {
    const left = Number(process.env[USERS] ?? 1) - 1;
    process.env[USERS] = String(left);
    const folder = process.env[FOLDER];
    if (left > 0 || !folder) return;
    rmSync(folder, { recursive: true, force: true });
    delete process.env[FOLDER];
  };
}
