import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { summarizeCause } from '../errors/safe-cause.js';
import { writeFileAtomically } from '../stores/json-document-file.js';
import type { ReadModelRow, ReadModelState, ReadModelStore } from './read-model-store.js';
import { type ReadModelPersistence, readModelStoreOn, type ScopeData } from './read-model-store-memory.js';

const rowSchema = z.object({
  id: z.string(),
  position: z.number(),
  modifiedAt: z.string().optional(),
  record: z.unknown(),
});
const lineSchema = z.union([z.object({ put: rowSchema }), z.object({ deleted: z.string() })]);
const stateSchema = z.object({
  version: z.number(),
  generation: z.number(),
  refreshedAt: z.string().nullable(),
  fullAt: z.string().nullable(),
  changedSince: z.string().nullable(),
  staging: z
    .object({
      generation: z.number(),
      startedAt: z.string(),
      cursor: z.string().nullable(),
      read: z.number(),
      nextPosition: z.number(),
      owner: z.string(),
      leaseUntil: z.number(),
    })
    .nullable(),
  failure: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  extras: z.record(z.string(), z.unknown()),
});

const encode = (scope: string): string => Buffer.from(scope, 'utf8').toString('base64url');
const decode = (name: string): string => Buffer.from(name, 'base64url').toString('utf8');
const STATE = '.state.json';
const ROWS = /^([A-Za-z0-9_-]*)\.g(\d+)\.jsonl$/;

const storageError = (what: string, error: unknown): PsaBridgeError =>
  new PsaBridgeError('STORAGE', what, { cause: summarizeCause(error, String) });

/** Reads a file, or `undefined` when it does not exist. */
async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw storageError(`Cannot read ${path}`, error);
  }
}

/** The read model's files in `directory`: a state file per scope, a JSON Lines file per generation. */
function filePersistence(directory: string): ReadModelPersistence {
  const statePath = (scope: string) => join(directory, `${encode(scope)}${STATE}`);
  const rowsPath = (scope: string, generation: number) =>
    join(directory, `${encode(scope)}.g${generation}.jsonl`);
  const names = async (): Promise<string[]> => {
    try {
      return await readdir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw storageError(`Cannot list ${directory}`, error);
    }
  };
  return {
    async scopes(prefix) {
      return (await names())
        .filter((name) => name.endsWith(STATE))
        .map((name) => decode(name.slice(0, -STATE.length)))
        .filter((scope) => scope.startsWith(prefix));
    },
    async load(scope) {
      const text = await readIfThere(statePath(scope));
      const data: ScopeData = { state: null, generations: new Map() };
      if (text !== undefined) {
        const parsed = stateSchema.safeParse(safeJson(text));
        if (!parsed.success)
          throw new PsaBridgeError(
            'STORAGE',
            `${statePath(scope)} does not hold what psa-bridge wrote; it was left as it is`,
          );
        data.state = parsed.data as ReadModelState;
      }
      for (const name of await names()) {
        const match = ROWS.exec(name);
        if (!match || match[1] !== encode(scope)) continue;
        const rows = new Map<string, ReadModelRow>();
        const lines = ((await readIfThere(join(directory, name))) ?? '').split('\n');
        for (const [i, line] of lines.entries()) {
          if (!line.trim()) continue;
          const parsed = lineSchema.safeParse(safeJson(line));
          // A torn last line is a write the process did not finish: that page is read again.
          if (!parsed.success) {
            if (i >= lines.length - 2) break;
            throw new PsaBridgeError(
              'STORAGE',
              `${join(directory, name)} line ${i + 1} is not what psa-bridge wrote`,
            );
          }
          if ('put' in parsed.data) rows.set(parsed.data.put.id, parsed.data.put as ReadModelRow);
          else rows.delete(parsed.data.deleted);
        }
        data.generations.set(Number(match[2]), rows);
      }
      return data;
    },
    async saveState(scope, state) {
      await writeFileAtomically(statePath(scope), `${JSON.stringify(state)}\n`);
    },
    async appendRows(scope, generation, rows, deleted) {
      const text = [
        ...rows.map((row) => JSON.stringify({ put: row })),
        ...deleted.map((id) => JSON.stringify({ deleted: id })),
      ]
        .map((line) => `${line}\n`)
        .join('');
      try {
        await mkdir(directory, { recursive: true });
        await appendFile(rowsPath(scope, generation), text, { encoding: 'utf8', mode: 0o600 });
      } catch (error) {
        throw storageError(`Cannot write ${rowsPath(scope, generation)}`, error);
      }
    },
    async dropGenerations(scope, generations) {
      for (const generation of generations) await rm(rowsPath(scope, generation), { force: true });
    },
    async deleteScope(scope) {
      for (const name of await names()) {
        if (name === `${encode(scope)}${STATE}` || ROWS.exec(name)?.[1] === encode(scope))
          await rm(join(directory, name), { force: true });
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A {@link ReadModelStore} in a folder: a state file per scope (replaced atomically) and a JSON
 * Lines file per generation (appended). One process per folder, as for the other file stores.
 */
export function createJsonFileReadModelStore(options: { readonly directory: string }): ReadModelStore {
  return readModelStoreOn(filePersistence(options.directory));
}
