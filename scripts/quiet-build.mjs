// Builds every package through turbo and prints nothing unless the build fails, so the first
// thing `npm run demo` shows a new user is the quickstart itself, not a build tool's banner.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');
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
