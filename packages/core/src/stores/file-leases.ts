import { createHash, randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import type { ImportJournal, ImportLease } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { summarizeCause } from '../errors/safe-cause.js';

/**
 * Leases as small files beside a journal file, one per import (`<journal>.lease-<hash>`), so two
 * processes sharing the folder never run one import at once (SPEC I8).
 *
 * - Claim creates the file with `O_EXCL`: of two claimants, exactly one succeeds.
 * - A lapsed lease is taken over by renaming its file away (of two renames of one file, only one
 *   succeeds) and checking that what was renamed is the lapsed lease read before; if a fresh
 *   lease was caught instead, it is put back with `link` (which never overwrites) and the claim fails.
 * - Renewal replaces the file atomically (write a temporary file, rename it over the lease).
 */
export function createFileLeases(
  journalPath: string,
): Pick<ImportJournal, 'claimLease' | 'renewLease' | 'releaseLease'> {
  const pathOf = (runId: string): string =>
    `${journalPath}.lease-${createHash('sha256').update(runId).digest('hex').slice(0, 16)}`;

  const read = async (path: string): Promise<ImportLease | undefined> => {
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ImportLease>;
      return typeof parsed.owner === 'string' &&
        typeof parsed.expiresAt === 'number' &&
        typeof parsed.runId === 'string'
        ? (parsed as ImportLease)
        : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      // A torn or foreign file holds no valid lease: it counts as lapsed.
      return { runId: '', owner: '', expiresAt: 0 };
    }
  };

  const create = async (path: string, lease: ImportLease): Promise<boolean> => {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      await handle.writeFile(JSON.stringify(lease), 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    return true;
  };

  const replace = async (path: string, lease: ImportLease): Promise<void> => {
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(lease), { mode: 0o600 });
    await rename(temporary, path);
  };

  /** Moves a lapsed lease file away; false when someone else got there first or it was fresh. */
  const takeOver = async (path: string, seen: ImportLease): Promise<boolean> => {
    const aside = `${path}.${randomUUID()}.stale`;
    try {
      await rename(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    const moved = await read(aside);
    const same = moved?.owner === seen.owner && moved?.expiresAt === seen.expiresAt;
    if (!same) {
      await link(aside, path).catch(() => undefined);
    }
    await unlink(aside).catch(() => undefined);
    return same;
  };

  const storage = (what: string, error: unknown): PsaBridgeError =>
    error instanceof PsaBridgeError
      ? error
      : new PsaBridgeError('STORAGE', `Cannot ${what} the import lease beside ${journalPath}`, {
          cause: summarizeCause(error, String),
        });

  return {
    async claimLease({ runId, owner, now, ttlMs }) {
      const path = pathOf(runId);
      const lease = { runId, owner, expiresAt: now + ttlMs };
      try {
        for (let attempt = 0; attempt < 2; attempt += 1) {
          if (await create(path, lease)) return lease;
          const held = await read(path);
          if (held === undefined) continue;
          if (held.owner === owner) {
            await replace(path, lease);
            return lease;
          }
          if (held.expiresAt > now) return null;
          if (!(await takeOver(path, held))) return null;
        }
        return null;
      } catch (error) {
        throw storage('claim', error);
      }
    },
    async renewLease(lease, now, ttlMs) {
      const path = pathOf(lease.runId);
      try {
        const held = await read(path);
        if (held?.owner !== lease.owner) return null;
        const renewed = { ...lease, expiresAt: now + ttlMs };
        await replace(path, renewed);
        return renewed;
      } catch (error) {
        throw storage('renew', error);
      }
    },
    async releaseLease(lease) {
      const path = pathOf(lease.runId);
      try {
        if ((await read(path))?.owner === lease.owner) await unlink(path).catch(() => undefined);
      } catch (error) {
        throw storage('release', error);
      }
    },
  };
}
