// Builds every package through turbo with one line of its own instead of a build tool's banner
// (and the build's output only when it fails), so a new user running `npm run demo` or
// `npm run admin` knows what the wait is and how long it usually takes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');
const started = Date.now();
process.stdout.write(
  'Building the psa-bridge packages first (1 to 3 minutes on a fresh clone, a few seconds once built)… ',
);
const result = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? (result.error ? String(result.error) : ''));
  process.exit(result.status ?? 1);
}
process.stdout.write(`done in ${Math.round((Date.now() - started) / 1000)} s\n`);
