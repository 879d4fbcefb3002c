import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStores, type Mapping, Secret, type Stores, type WeakEndUser } from '@psa-bridge/core';
import type { ConnectionRecord, JournalEntry } from '@psa-bridge/core/adapter';
import {
  createJsonFileConnectionStore,
  createJsonFileStores,
  createJsonLinesImportJournal,
  createSealer,
} from '@psa-bridge/core/node';
import { collect, runStoreConformance } from '@psa-bridge/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PRIVATE_KEY = 'private-key-sentinel-123';

const connection = (id: string): ConnectionRecord => ({
  id,
  providerId: 'connectwise',
  product: 'resolve',
  label: `Connection ${id}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  credentials: new Secret({ site: 'na.myconnectwise.net', privateKey: PRIVATE_KEY }),
});
const mapping = (connectionId: string, accountKey: string): Mapping => ({
  connectionId,
  accountKey,
  companyId: '42',
  companyName: 'Acme',
  source: 'manual',
  mappedAt: '2026-01-01T00:00:00.000Z',
});
const endUser = (email: string): WeakEndUser => ({
  email,
  firstName: 'Claire',
  lastName: 'Johnson',
  displayName: 'Claire Johnson',
  channel: 'email',
  nameSource: 'email',
  createdAt: '2026-01-01T00:00:00.000Z',
});

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'psa-bridge-stores-'));
});

const kinds: Array<[string, () => Stores]> = [
  ['memory', () => createMemoryStores()],
  ['json file', () => createJsonFileStores({ directory, secretKey: KEY })],
];

describe.each(kinds)('%s stores', (_, make) => {
  it('keep connections, replacing by id and deleting', async () => {
    const { connections } = make();
    await connections.put(connection('a'));
    await connections.put(connection('b'));
    await connections.put({ ...connection('a'), label: 'renamed' });
    expect((await connections.list()).map((record) => [record.id, record.label])).toEqual([
      ['a', 'renamed'],
      ['b', 'Connection b'],
    ]);
    expect((await connections.get('a'))?.credentials.reveal()).toEqual({
      site: 'na.myconnectwise.net',
      privateKey: PRIVATE_KEY,
    });
    expect(await connections.get('zzz')).toBeNull();
    expect(await connections.delete('a')).toBe(true);
    expect(await connections.delete('a')).toBe(false);
  });

  it('keep one mapping per account and connection, and delete by connection (SPEC M3, C6)', async () => {
    const { mappings } = make();
    await mappings.put(mapping('c1', 'acc-1'));
    await mappings.put({ ...mapping('c1', 'acc-1'), companyId: '43' });
    await mappings.put(mapping('c1', 'acc-2'));
    await mappings.put(mapping('c2', 'acc-1'));
    expect((await mappings.get('c1', 'acc-1'))?.companyId).toBe('43');
    expect(await mappings.list('c1')).toHaveLength(2);
    expect(await mappings.deleteByConnection('c1')).toBe(2);
    expect(await mappings.list('c1')).toEqual([]);
    expect(await mappings.list('c2')).toHaveLength(1);
    expect(await mappings.delete('c2', 'acc-1')).toBe(true);
  });

  it('keep weak end users by lower-case email', async () => {
    const { weakEndUsers } = make();
    await weakEndUsers.put(endUser('Claire.Johnson@MyOrg.org'));
    await weakEndUsers.put(endUser('a@b.example'));
    expect((await weakEndUsers.get('CLAIRE.johnson@myorg.ORG'))?.email).toBe('claire.johnson@myorg.org');
    expect((await weakEndUsers.list()).map((user) => user.email)).toEqual([
      'a@b.example',
      'claire.johnson@myorg.org',
    ]);
    expect(await weakEndUsers.delete('a@b.example')).toBe(true);
  });

  it('keep journal entries per run, in order', async () => {
    const { journal } = make();
    const at = '2026-01-01T00:00:00.000Z';
    const entries: JournalEntry[] = [
      { type: 'run-started', runId: 'r1', fingerprint: 'f', at },
      { type: 'intent', runId: 'r1', contactId: '1', email: 'a@b.example', at },
      { type: 'run-started', runId: 'r2', fingerprint: 'g', at },
      {
        type: 'outcome',
        runId: 'r1',
        contactId: '1',
        email: 'a@b.example',
        outcome: 'created',
        userKey: '9',
        at,
      },
    ];
    await journal.append(entries);
    expect((await collect(journal.read('r1'))).map((entry) => entry.type)).toEqual([
      'run-started',
      'intent',
      'outcome',
    ]);
    expect(await collect(journal.read('r2'))).toHaveLength(1);
    expect(await collect(journal.read('unknown'))).toEqual([]);
  });

  it('apply concurrent writes without losing any', async () => {
    const { mappings } = make();
    await Promise.all(Array.from({ length: 25 }, (_, i) => mappings.put(mapping('c', `acc-${i}`))));
    expect(await mappings.list('c')).toHaveLength(25);
  });

  it('never serialize credentials (SPEC C7)', async () => {
    const { connections } = make();
    await connections.put(connection('a'));
    expect(JSON.stringify(await connections.list())).not.toContain(PRIVATE_KEY);
  });
});

describe('JSON file stores', () => {
  it('seal credentials at rest with AES-256-GCM and survive a restart', async () => {
    await createJsonFileStores({ directory, secretKey: KEY }).connections.put(connection('a'));
    const text = await readFile(join(directory, 'connections.json'), 'utf8');
    expect(text).not.toContain(PRIVATE_KEY);
    expect(text).toContain('aes-256-gcm');
    const reopened = createJsonFileStores({ directory, secretKey: KEY });
    expect((await reopened.connections.get('a'))?.credentials.reveal()).toMatchObject({
      privateKey: PRIVATE_KEY,
    });
  });

  it('refuse a wrong key with STORAGE instead of losing the credentials', async () => {
    await createJsonFileStores({ directory, secretKey: KEY }).connections.put(connection('a'));
    const other = createJsonFileStores({ directory, secretKey: Buffer.alloc(32, 9) });
    await expect(other.connections.list()).rejects.toMatchObject({ code: 'STORAGE' });
    expect(await readFile(join(directory, 'connections.json'), 'utf8')).toContain('"id": "a"');
  });

  it('need a key unless plaintext is asked for', () => {
    expect(() => createJsonFileConnectionStore({ path: join(directory, 'c.json') })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION' }),
    );
    expect(() => createJsonFileStores({ directory, secretKey: 'too-short' })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION' }),
    );
    expect(() =>
      createJsonFileConnectionStore({ path: join(directory, 'c.json'), plaintextCredentials: true }),
    ).not.toThrow();
  });

  it('report a corrupt file with STORAGE and leave it as it is', async () => {
    const path = join(directory, 'mappings.json');
    await writeFile(path, '{"version":1,"mappings":[{"connectionId":', 'utf8');
    const stores = createJsonFileStores({ directory, secretKey: KEY });
    await expect(stores.mappings.list('c')).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('not valid JSON'),
    });
    await expect(stores.mappings.put(mapping('c', 'a'))).rejects.toMatchObject({ code: 'STORAGE' });
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"mappings":[{"connectionId":');
  });

  it('report a file of the wrong shape with the field that is wrong', async () => {
    await writeFile(
      join(directory, 'mappings.json'),
      JSON.stringify({ version: 1, mappings: [{ accountKey: 1 }] }),
    );
    await expect(
      createJsonFileStores({ directory, secretKey: KEY }).mappings.list('c'),
    ).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('mappings[0]'),
    });
  });

  it('write through a temporary file and leave none behind', async () => {
    const stores = createJsonFileStores({ directory, secretKey: KEY });
    await Promise.all(Array.from({ length: 10 }, (_, i) => stores.mappings.put(mapping('c', `a${i}`))));
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const written = JSON.parse(await readFile(join(directory, 'mappings.json'), 'utf8'));
    expect(written.mappings).toHaveLength(10);
  });
});

describe('JSON Lines import journal', () => {
  const at = '2026-01-01T00:00:00.000Z';

  it('skips a last line cut short by a crash, and appends on a fresh line after it', async () => {
    const path = join(directory, 'journal.jsonl');
    await writeFile(
      path,
      `${JSON.stringify({ type: 'run-started', runId: 'r', fingerprint: 'f', at })}\n{"type":"inte`,
    );
    const journal = createJsonLinesImportJournal({ path });
    expect(await collect(journal.read('r'))).toHaveLength(1);
    await journal.append([{ type: 'run-finished', runId: 'r', at }]);
    expect((await collect(journal.read('r'))).map((entry) => entry.type)).toEqual([
      'run-started',
      'run-finished',
    ]);
  });

  it('reports a bad line in the middle with STORAGE and its number', async () => {
    const path = join(directory, 'journal.jsonl');
    const good = JSON.stringify({ type: 'run-finished', runId: 'r', at });
    await writeFile(path, `${good}\nnot json\n${good}\n`);
    await expect(collect(createJsonLinesImportJournal({ path }).read('r'))).rejects.toMatchObject({
      code: 'STORAGE',
      message: expect.stringContaining('line 2'),
    });
  });
});

describe('createSealer', () => {
  it('round-trips, uses a fresh nonce each time, and detects tampering', () => {
    const sealer = createSealer(KEY);
    const a = sealer.seal('hello');
    const b = sealer.seal('hello');
    expect(a.iv).not.toBe(b.iv);
    expect(sealer.open(a)).toBe('hello');
    const tampered = { ...a, data: Buffer.from('jello').toString('base64') };
    expect(() => sealer.open(tampered)).toThrow(expect.objectContaining({ code: 'STORAGE' }));
  });

  it('accepts a key as hex, base64 or bytes', () => {
    const bytes = Buffer.alloc(32, 3);
    const sealed = createSealer(bytes).seal('x');
    expect(createSealer(bytes.toString('hex')).open(sealed)).toBe('x');
    expect(createSealer(bytes.toString('base64')).open(sealed)).toBe('x');
  });
});

describe('the store conformance suite', () => {
  runStoreConformance(
    { name: 'memory', setup: async () => ({ stores: createMemoryStores() }) },
    { describe, it },
  );
  runStoreConformance(
    {
      name: 'JSON files',
      async setup() {
        const folder = await mkdtemp(join(tmpdir(), 'psa-bridge-conformance-'));
        const open = () => createJsonFileStores({ directory: folder, secretKey: KEY });
        return { stores: open(), secondProcess: open() };
      },
    },
    { describe, it },
  );
});
