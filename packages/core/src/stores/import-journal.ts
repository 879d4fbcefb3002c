import { createReadStream } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { ImportJournal, JournalEntry, LeaseFence } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { summarizeCause } from '../errors/safe-cause.js';
import { describeFirstIssue } from '../http/parse-response.js';
import { createFileLeases } from './file-leases.js';
import { journalEntrySchema as entrySchema } from './journal-entry-schema.js';
import { fenceRefused } from './lease-fence.js';
import { createOutcomeGuard, type OutcomeGuard } from './outcome-guard.js';

/** How far back from the end a torn last line is looked for. */
const TAIL_WINDOW = 64 * 1024;

/**
 * An {@link ImportJournal} in a JSON Lines file: one entry per line, appended and flushed to
 * disk before `append` resolves, so it survives a crash (SPEC I6).
 *
 * A journal is append-only, so it is not rewritten through a temporary file like the other
 * stores. A crash can leave the last line half-written: that line never counted as written
 * (its `append` never resolved), so reading skips it and the next append cuts it off first.
 * A bad line anywhere else is a `STORAGE` error naming the line: the file is never emptied.
 */
export function createJsonLinesImportJournal(options: { readonly path: string }): ImportJournal {
  const { path } = options;
  let tailChecked = false;
  let queue: Promise<unknown> = Promise.resolve();

  /**
   * Before the first append: a last line without its newline is a write cut short by a crash.
   * A complete entry gets its newline; anything else is cut off, as it never counted as written.
   */
  const repairTail = async (): Promise<string> => {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, TAIL_WINDOW);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      if (length === 0 || buffer[length - 1] === 0x0a) return '';
      const lastNewline = buffer.lastIndexOf(0x0a);
      if (lastNewline < 0 && size > TAIL_WINDOW) {
        throw new PsaBridgeError('STORAGE', `${path} ends with a line too long to be a journal entry`);
      }
      const tail = buffer.subarray(lastNewline + 1).toString('utf8');
      if (tryParseLine(tail)) return '\n';
      await handle.truncate(size - length + lastNewline + 1);
      return '';
    } finally {
      await handle.close();
    }
  };

  // Outcomes already in the file, read once on the first append: one outcome per contact and run.
  let guard: OutcomeGuard | undefined;
  const loadGuard = async (): Promise<OutcomeGuard> => {
    if (guard) return guard;
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const written: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      const entry = line.trim() === '' ? undefined : tryParseLine(line);
      if (entry?.type === 'outcome') written.push(entry);
    }
    guard = createOutcomeGuard(written);
    return guard;
  };

  const { holds, ...leases } = createFileLeases(path);

  const appendNow = async (
    entries: readonly JournalEntry[],
    fence: LeaseFence | undefined,
  ): Promise<void> => {
    if (entries.length === 0) return;
    try {
      // Read from the lease file just before the write; the fence's margin covers the moment between.
      if (fence && !(await holds(fence))) throw fenceRefused(fence.lease.runId);
      const outcomes = await loadGuard();
      outcomes.check(entries);
      await mkdir(dirname(path), { recursive: true });
      const prefix = tailChecked ? '' : await repairTail();
      tailChecked = true;
      const text = prefix + entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
      const handle = await open(path, 'a', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.datasync();
      } finally {
        await handle.close();
      }
      outcomes.keep(entries);
    } catch (error) {
      if (error instanceof PsaBridgeError) throw error;
      throw new PsaBridgeError('STORAGE', `Cannot append to the import journal ${path}`, {
        cause: summarizeCause(error, String),
      });
    }
  };

  return {
    append(entries, options = {}) {
      const run = queue.then(() => appendNow(entries, options.fence));
      queue = run.catch(() => undefined);
      return run;
    },
    async *read(runId) {
      await queue;
      const lines = createInterface({
        input: createReadStream(path, 'utf8'),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      let pending: { text: string; number: number } | undefined;
      let number = 0;
      try {
        for await (const text of lines) {
          number += 1;
          if (pending) {
            const entry = parseLine(path, pending.text, pending.number);
            if (entry.runId === runId) yield entry;
          }
          pending = text.trim() === '' ? undefined : { text, number };
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      // The last line may be a write cut short by a crash: skip it if it does not parse.
      if (pending) {
        const entry = tryParseLine(pending.text);
        if (entry?.runId === runId) yield entry;
      }
    },
    ...leases,
  };
}

function tryParseLine(text: string): JournalEntry | undefined {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function parseLine(path: string, text: string, number: number): JournalEntry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PsaBridgeError(
      'STORAGE',
      `${path} line ${number} is not valid JSON; the journal was left as it is`,
    );
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) {
    const where = describeFirstIssue(parsed.error);
    throw new PsaBridgeError('STORAGE', `${path} line ${number} is not a journal entry (${where})`);
  }
  return parsed.data;
}
