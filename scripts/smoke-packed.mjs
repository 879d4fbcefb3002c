// The packed-tarball smoke test: packs the packages as npm would publish them, installs the
// tarballs into a scratch project, type-checks a consumer's TypeScript against the shipped .d.ts,
// runs a consumer's script against the simulators on loopback, and require()s every entry.
// Run after `npm run build`: `npm run smoke:packed`. Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = ['core', 'connectwise', 'datto', 'goto', 'demo', 'postgres', 'jobs'];
const scratch = mkdtempSync(join(tmpdir(), 'psa-bridge-smoke-'));
const run = (command, args, cwd = scratch) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const versionOf = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

try {
  const packed = JSON.parse(
    run(
      'npm',
      ['pack', '--json', '--pack-destination', scratch, ...packages.flatMap((p) => ['-w', `packages/${p}`])],
      root,
    ),
  );
  const dependencies = Object.fromEntries(packed.map((entry) => [entry.name, `file:./${entry.filename}`]));
  for (const entry of packed) {
    const files = entry.files.map((file) => file.path);
    if (!files.includes('README.md')) throw new Error(`${entry.name}: the tarball has no README.md`);
    if (files.some((file) => file.startsWith('src/') || file.startsWith('test/')))
      throw new Error(`${entry.name}: the tarball ships sources or tests`);
    console.log(
      `packed ${entry.filename} (${entry.files.length} files, ${Math.round(entry.size / 1024)} kB)`,
    );
  }
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({
      name: 'psa-bridge-smoke',
      private: true,
      type: 'module',
      dependencies: { ...dependencies, msw: versionOf('msw') },
      devDependencies: { '@types/node': versionOf('@types/node') },
    }),
  );
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--ignore-scripts',
    '--loglevel=error',
  ]);
  console.log('installed the tarballs into a scratch project');

  // A consumer's TypeScript, checked against the shipped declarations (strict, NodeNext).
  writeFileSync(
    join(scratch, 'consumer.ts'),
    `import { createBridge, type ImportReport, isPsaBridgeError } from '@psa-bridge/core';
import { displayNameFromEmail } from '@psa-bridge/core/email';
import { runPsaClientConformance } from '@psa-bridge/core/testing';
import { connectwise, type ConnectWiseCredentials } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';

/** Every entry point is reachable by name from a consumer. */
export const entries = [createConnectWiseFake, createAutotaskFake, runPsaClientConformance, isPsaBridgeError, displayNameFromEmail];

export async function consumer(credentials: ConnectWiseCredentials): Promise<ImportReport | string> {
  const fake = createGoToFake();
  const bridge = createBridge({ providers: [connectwise(), datto()], goto: goto(fake.options) });
  const saved = await bridge.connections.testAndSave({ providerId: 'connectwise', product: 'resolve', credentials });
  if (!saved.saved) return saved.failure.reason;
  const plan = await bridge.imports.plan({ connectionId: saved.connection.id, accountKey: 'k' });
  return bridge.imports.run(plan);
}
`,
  );
  run(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--noEmit',
    '--strict',
    '--exactOptionalPropertyTypes',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    '--types',
    'node',
    'consumer.ts',
  ]);
  console.log('type-checked a consumer against the shipped .d.ts (strict, NodeNext)');

  // A consumer's script, against the simulators on loopback ports.
  writeFileSync(
    join(scratch, 'smoke.mjs'),
    `import { createBridge } from '@psa-bridge/core';
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';

const cw = await createConnectWiseFake({ companies: 20 }).listen();
const at = await createAutotaskFake({ companies: 20 }).listen();
const gotoFake = createGoToFake();
const gt = await gotoFake.listen();
try {
  const bridge = createBridge({ providers: [connectwise(), datto({ discoveryUrl: at.clientOptions.discoveryUrl })], goto: goto(gt.clientOptions) });
  const cwSaved = await bridge.connections.testAndSave({ providerId: 'connectwise', product: 'resolve', credentials: cw.credentials });
  const atSaved = await bridge.connections.testAndSave({ providerId: 'datto', product: 'rescue', credentials: at.credentials });
  if (!cwSaved.saved || !atSaved.saved) throw new Error('a connection test failed');
  const [company] = (await bridge.mappings.search(cwSaved.connection.id, {})).items;
  const account = gotoFake.account('Acme Corporation');
  await bridge.mappings.save({ connectionId: cwSaved.connection.id, accountKey: account.key, companyId: company.id });
  const plan = await bridge.imports.plan({ connectionId: cwSaved.connection.id, accountKey: account.key });
  const first = await bridge.imports.run(plan);
  const again = await bridge.imports.run(await bridge.imports.plan({ connectionId: cwSaved.connection.id, accountKey: account.key }));
  if (first.totals.created === 0 || again.totals.created !== first.totals.created) throw new Error('import went wrong');
  console.log('ran a consumer script against the simulators: created ' + first.totals.created + ', then nobody twice');
} finally {
  await Promise.all([cw.close(), at.close(), gt.close()]);
}
`,
  );
  process.stdout.write(run(process.execPath, ['smoke.mjs']));

  // require() of the ESM packages, as CommonJS apps on Node 20.19+ do.
  const entries = [
    '@psa-bridge/core',
    '@psa-bridge/core/testing',
    '@psa-bridge/core/adapter',
    '@psa-bridge/core/node',
    '@psa-bridge/core/matching',
    '@psa-bridge/core/email',
    '@psa-bridge/connectwise',
    '@psa-bridge/datto',
    '@psa-bridge/goto',
    '@psa-bridge/demo',
    '@psa-bridge/postgres',
    '@psa-bridge/jobs',
  ];
  run(process.execPath, [
    '--no-warnings',
    '--input-type=commonjs',
    '-e',
    `for (const name of ${JSON.stringify(entries)}) { const m = require(name); if (Object.keys(m).length === 0) throw new Error(name + ' is empty'); }`,
  ]);
  console.log(`require()d ${entries.length} entries from CommonJS`);

  // Without msw, the simulators still serve on loopback; only their msw handlers ask for msw.
  run('npm', [
    'uninstall',
    'msw',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--ignore-scripts',
    '--loglevel=error',
  ]);
  writeFileSync(
    join(scratch, 'no-msw.mjs'),
    `import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { createGoToFake } from '@psa-bridge/goto/fake';

for (const fake of [createConnectWiseFake({ companies: 2 }), createAutotaskFake({ companies: 2 }), createGoToFake()]) {
  const server = await fake.listen();
  // One shape for every simulator: url, credentials, clientOptions, close.
  if (!server.url.startsWith('http://127.0.0.1:') || typeof server.credentials !== 'object' || typeof server.clientOptions !== 'object') {
    throw new Error('listen() did not resolve { url, credentials, clientOptions, close }');
  }
  await server.close();
  try {
    void fake.handlers;
    throw new Error('handlers were built without msw');
  } catch (error) {
    if (error.code !== 'CONFIGURATION' || !/npm install --save-dev msw/.test(error.message)) throw error;
  }
}
console.log('served the three simulators on loopback without msw installed');

// The demo world: one call, the three simulators, a story whose automatic search gives all three outcomes.
import { createBridge } from '@psa-bridge/core';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
const world = await createDemoWorld();
try {
  const bridge = createBridge({ providers: world.providers, goto: goto(world.goto) });
  const saved = await bridge.connections.testAndSave({ providerId: 'connectwise', product: 'resolve', credentials: world.connectwise.credentials });
  if (!saved.saved) throw new Error(saved.failure.message);
  const outcomes = [];
  for (const { account } of (await bridge.mappings.accounts(saved.connection.id)).items) {
    outcomes.push((await bridge.mappings.suggest(saved.connection.id, account)).outcome);
  }
  if (outcomes.join() !== 'found,multiple,none') throw new Error('demo world outcomes: ' + outcomes.join());
  console.log('the demo world gives found, multiple and none without msw installed');
} finally {
  await world.close();
}
`,
  );
  process.stdout.write(run(process.execPath, ['no-msw.mjs']));
  console.log('packed-tarball smoke test: ok');
} catch (error) {
  console.error(
    `packed-tarball smoke test failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
