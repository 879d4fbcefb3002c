// The packed-tarball smoke test. It follows docs/getting-started.md ("Install in your app")
// literally: the shell lines of that section run as written (the build is already done), packing
// into the repository's .tmp/packs and installing into a scratch app. The other packages go into
// the same app; then it type-checks a consumer's TypeScript against the shipped .d.ts (strict,
// NodeNext, skipLibCheck false), runs a consumer's script against the simulators on loopback,
// require()s every entry, runs the CLI's bin, and checks all but the msw entries without msw.
// Run after `npm run build`: `npm run smoke:packed`. Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const others = ['postgres', 'jobs', 'http', 'cli'];
const scratch = mkdtempSync(join(tmpdir(), 'psa-bridge-smoke-'));
const app = join(scratch, 'app');
const run = (command, args, cwd = app) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sh = (line, cwd) => run('bash', ['-euo', 'pipefail', '-c', line], cwd);
const versionOf = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
/** tsc on a consumer's files: strict, NodeNext, and skipLibCheck false (tsc's default), so shipped .d.ts are checked too. */
const tsc = (...files) =>
  run(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--noEmit',
    '--strict',
    '--skipLibCheck',
    'false',
    '--exactOptionalPropertyTypes',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    '--types',
    'node',
    ...files,
  ]);

/** The shell block of getting-started's "Install in your app": lines for the repository, then for the app. */
function installSteps() {
  const guide = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');
  const section = guide.slice(guide.indexOf('## 2. Install in your app'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('docs/getting-started.md: no sh block under "2. Install in your app"');
  const [repository, inApp] = block.split('# in your app');
  if (!inApp) throw new Error('docs/getting-started.md: the install block has no "# in your app" part');
  const lines = (text) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
  return { repository: lines(repository), app: lines(inApp) };
}

try {
  const steps = installSteps();
  // CI has built already (npm ci && npm run build); every other line runs as written, in one
  // shell as the guide says: the repository's part, then `cd` to the app, then the app's part.
  const repository = steps.repository.filter((line) => line !== 'npm ci && npm run build');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'psa-bridge-smoke', private: true, type: 'module' }),
  );
  sh([...repository, `cd ${JSON.stringify(app)}`, ...steps.app].join('\n'), root);
  for (const line of repository) console.log(`in the repository: ${line}`);
  for (const line of steps.app) console.log(`in the app: ${line}`);
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  if (!manifest.devDependencies?.['@psa-bridge/demo'] || manifest.dependencies?.['@psa-bridge/demo'])
    throw new Error("the guide's install lines did not make @psa-bridge/demo a dev dependency");
  // The guide's demo-world program, as written, in the app that installed the tarballs.
  const guide = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');
  const program = /```ts\n([\s\S]*?)```/.exec(guide.slice(guide.indexOf('### The demo world')))?.[1];
  if (!program) throw new Error('docs/getting-started.md: no ts block under "The demo world"');
  writeFileSync(join(app, 'getting-started.ts'), program);
  const output = run(process.execPath, [
    join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    'getting-started.ts',
  ]);
  if (!/GoTo users created/.test(output)) throw new Error(`the guide's program printed:\n${output}`);
  console.log("ran the guide's demo-world program in the app");
  const packs = join(root, '.tmp', 'packs');
  const packed = JSON.parse(
    run(
      'npm',
      ['pack', '--json', '--pack-destination', packs, ...others.flatMap((p) => ['-w', `packages/${p}`])],
      root,
    ),
  );
  for (const file of readdirSync(packs).filter((name) => name.endsWith('.tgz'))) {
    const files = run('tar', ['-tzf', join(packs, file)], root)
      .split('\n')
      .filter(Boolean);
    if (!files.includes('package/README.md')) throw new Error(`${file}: the tarball has no README.md`);
    if (files.some((path) => path.startsWith('package/src/') || path.startsWith('package/test/')))
      throw new Error(`${file}: the tarball ships sources or tests`);
    console.log(`checked ${file} (${files.length} files)`);
  }
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--ignore-scripts',
    '--loglevel=error',
    ...packed.map((entry) => join(packs, entry.filename)),
    `msw@${versionOf('msw')}`,
    `@types/node@${versionOf('@types/node')}`,
  ]);
  console.log(`installed ${others.join(', ')}, msw and @types/node into the app`);

  // A consumer's TypeScript, checked against the shipped declarations (strict, NodeNext).
  writeFileSync(
    join(app, 'consumer.ts'),
    `import { createBridge, type ImportReport, isPsaBridgeError } from '@psa-bridge/core';
import { displayNameFromEmail } from '@psa-bridge/core/email';
import { runPsaClientConformance } from '@psa-bridge/core/testing';
import { connectwise, type ConnectWiseCredentials } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { datto } from '@psa-bridge/datto';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { mswHandlers } from '@psa-bridge/goto/fake/msw';
import { createHttpHandler } from '@psa-bridge/http';
import { runCli } from '@psa-bridge/cli';
import { setupServer } from 'msw/node';

/** Every entry point is reachable by name from a consumer. */
export const entries = [createConnectWiseFake, createAutotaskFake, runPsaClientConformance, isPsaBridgeError, displayNameFromEmail, createHttpHandler, runCli];
export const server = setupServer(...mswHandlers(createConnectWiseFake(), createGoToFake()));

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
  tsc('consumer.ts');
  console.log('type-checked a consumer against the shipped .d.ts (strict, NodeNext, skipLibCheck false)');

  // A consumer's script, against the simulators on loopback ports.
  writeFileSync(
    join(app, 'smoke.mjs'),
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
    '@psa-bridge/http',
    '@psa-bridge/cli',
    '@psa-bridge/halo',
    '@psa-bridge/halo/fake',
    '@psa-bridge/core/testing/msw',
    '@psa-bridge/connectwise/fake/msw',
    '@psa-bridge/datto/fake/msw',
    '@psa-bridge/goto/fake/msw',
    '@psa-bridge/halo/fake/msw',
  ];
  run(process.execPath, [
    '--no-warnings',
    '--input-type=commonjs',
    '-e',
    `for (const name of ${JSON.stringify(entries)}) { const m = require(name); if (Object.keys(m).length === 0) throw new Error(name + ' is empty'); }`,
  ]);
  console.log(`require()d ${entries.length} entries from CommonJS`);

  // The CLI as a support engineer runs it: npx psa-bridge doctor against the demo world.
  const doctor = JSON.parse(run('npx', ['--no-install', 'psa-bridge', '--demo', 'doctor', '--json']));
  const vendors = [...new Set(doctor.steps.map((step) => step.vendor))].join();
  if (!doctor.ok || vendors !== 'connectwise,datto,halo,goto') {
    throw new Error(`psa-bridge doctor: ${JSON.stringify(doctor)}`);
  }
  console.log(`npx psa-bridge --demo doctor: ${doctor.steps.length} steps passed`);

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
    join(app, 'no-msw.mjs'),
    `import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createHaloFake } from '@psa-bridge/halo/fake';

for (const fake of [createConnectWiseFake({ companies: 2 }), createAutotaskFake({ companies: 2 }), createGoToFake(), createHaloFake({ clients: 2 })]) {
  const server = await fake.listen();
  // One shape for every simulator: url, credentials, clientOptions, close.
  if (!server.url.startsWith('http://127.0.0.1:') || typeof server.credentials !== 'object' || typeof server.clientOptions !== 'object') {
    throw new Error('listen() did not resolve { url, credentials, clientOptions, close }');
  }
  await server.close();
}
// Only the /fake/msw entries need msw.
for (const entry of ['@psa-bridge/core/testing/msw', '@psa-bridge/connectwise/fake/msw', '@psa-bridge/datto/fake/msw', '@psa-bridge/goto/fake/msw', '@psa-bridge/halo/fake/msw']) {
  try {
    await import(entry);
    throw new Error(entry + ' loaded without msw');
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND' || !/'msw'/.test(error.message)) throw error;
  }
}
console.log('served the four simulators on loopback without msw installed');

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

  // Without msw (nor its types), an app's TypeScript that uses the demo world and the fakes
  // still compiles with skipLibCheck false: the fakes' declarations do not mention msw.
  writeFileSync(
    join(app, 'no-msw-consumer.ts'),
    `import { createBridge } from '@psa-bridge/core';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { createAutotaskFake } from '@psa-bridge/datto/fake';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';
import { createHaloFake } from '@psa-bridge/halo/fake';

export async function demo(): Promise<string> {
  const world = await createDemoWorld();
  const bridge = createBridge({ providers: world.providers, goto: goto(world.goto) });
  const saved = await bridge.connections.testAndSave({ providerId: 'connectwise', product: 'resolve', credentials: world.connectwise.credentials });
  await world.close();
  return saved.saved ? saved.connection.id : saved.failure.reason;
}
export const fakes = [createConnectWiseFake(), createAutotaskFake(), createGoToFake(), createHaloFake()].map((fake) => fake.mswRoutes.length);
`,
  );
  tsc('no-msw-consumer.ts');
  console.log('type-checked the demo world and the fakes without msw installed (skipLibCheck false)');
  console.log('packed-tarball smoke test: ok');
} catch (error) {
  console.error(
    `packed-tarball smoke test failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
