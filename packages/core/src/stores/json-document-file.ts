import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { summarizeCause } from '../errors/safe-cause.js';
import { describeFirstIssue } from '../http/parse-response.js';

/** One JSON document on disk, read once and replaced atomically on every write. */
export interface JsonDocumentFile<T> {
  /** The document; the `empty` value when the file does not exist yet. */
  read(): Promise<T>;
  /** Replaces the document: written to a temporary file, flushed, then renamed over the old one. */
  write(value: T): Promise<void>;
}

/**
 * A {@link JsonDocumentFile} at `path`, validated with `schema`. A file that is not valid JSON
 * or does not match the schema is a `STORAGE` error naming the file: it is never treated as
 * empty, so nothing in it is lost.
 */
export function createJsonDocumentFile<T>(
  path: string,
  schema: z.ZodType<T>,
  empty: () => T,
): JsonDocumentFile<T> {
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty();
        throw new PsaBridgeError('STORAGE', `Cannot read ${path}`, { cause: summarizeCause(error, String) });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        // No cause: JSON.parse quotes the text around the fault, which may be file content.
        throw new PsaBridgeError(
          'STORAGE',
          `${path} is not valid JSON; fix or move it, it was left as it is`,
        );
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const where = describeFirstIssue(parsed.error);
        throw new PsaBridgeError(
          'STORAGE',
          `${path} does not hold what psa-bridge wrote (${where}); it was left as it is`,
        );
      }
      return parsed.data;
    },
    async write(value) {
      await writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/** Writes `text` to a temporary file beside `path`, flushes it to disk, then renames it over `path`. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new PsaBridgeError('STORAGE', `Cannot write ${path}`, { cause: summarizeCause(error, String) });
  }
}
