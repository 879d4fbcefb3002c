// Runs the whole test suite on other Node majors, with binaries from the npm registry's `node`
// package (no downloads from elsewhere). Child processes the tests start (examples, the crash
// test) use the same binary. Run after `npm run build`:
//   npm run test:node-versions            # Node 22 and 24
//   npm run test:node-versions -- 22      # one major
// Each run writes vitest's JSON report to .ci/out/vitest-node<major>.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const majors = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['22', '24'];
mkdirSync(join(root, '.ci', 'out'), { recursive: true });

/** Installs `node@<major>` into .tmp/node<major> once, and returns its binary. */
function nodeBinary(major) {
  const prefix = join(root, '.tmp', `node${major}`);
  const binary = join(prefix, 'node_modules', '.bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `node@${major}`,
      ],
      {
        stdio: 'inherit',
      },
    );
  }
  return binary;
}

let failed = 0;
for (const major of majors) {
  const binary = nodeBinary(major);
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`\n== tests on Node ${version}`);
  const result = spawnSync(
    binary,
    [
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(root, '.ci', 'out', `vitest-node${major}.json`)}`,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
