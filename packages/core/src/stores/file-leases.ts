import { createHash, randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import type { ImportJournal, ImportLease, LeaseFence } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { summarizeCause } from '../errors/safe-cause.js';
import { fenceHolds } from './lease-fence.js';

/**
 * Leases as small files beside a journal file, one per import (`<journal>.lease-<hash>`), so two
 * processes sharing the folder never run one import at once (SPEC I8).
 *
 * - Claim creates the file with `O_EXCL`: of two claimants, exactly one succeeds.
 * - A lapsed lease is taken over by renaming its file away (of two renames of one file, only one
 *   succeeds) and checking that what was renamed is the lapsed lease read before; if a fresh
 *   lease was caught instead, it is put back with `link` (which never overwrites) and the claim fails.
 * - Renewal replaces the file atomically (write a temporary file, rename it over the lease).
 * - The generation (fencing token) of a claim is the claim's time in ms, and always above the
 *   generation it replaces.
 */
export function createFileLeases(journalPath: string): Pick<
  ImportJournal,
  'claimLease' | 'renewLease' | 'releaseLease'
> & {
  /** Whether `fence` holds now, read from the lease file. */
  holds(fence: LeaseFence): Promise<boolean>;
} {
  const pathOf = (runId: string): string =>
    `${journalPath}.lease-${createHash('sha256').update(runId).digest('hex').slice(0, 16)}`;

  const read = async (path: string): Promise<ImportLease | undefined> => {
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ImportLease>;
      return typeof parsed.owner === 'string' &&
        typeof parsed.expiresAt === 'number' &&
        typeof parsed.runId === 'string'
        ? { ...(parsed as ImportLease), generation: Number(parsed.generation ?? 0) }
        : { runId: '', owner: '', expiresAt: 0, generation: 0 };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      // A torn or foreign file holds no valid lease: it counts as lapsed.
      return { runId: '', owner: '', expiresAt: 0, generation: 0 };
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
    const same =
      moved?.owner === seen.owner &&
      moved?.expiresAt === seen.expiresAt &&
      moved?.generation === seen.generation;
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
      const leaseAfter = (held: ImportLease | undefined): ImportLease => ({
        runId,
        owner,
        expiresAt: now + ttlMs,
        generation: Math.max(now, (held?.generation ?? 0) + 1),
      });
      try {
        let previous: ImportLease | undefined;
        for (let attempt = 0; attempt < 2; attempt += 1) {
          const fresh = leaseAfter(previous);
          if (await create(path, fresh)) return fresh;
          const held = await read(path);
          if (held === undefined) continue;
          if (held.owner === owner) {
            const again = leaseAfter(held);
            await replace(path, again);
            return again;
          }
          if (held.expiresAt > now) return null;
          if (!(await takeOver(path, held))) return null;
          previous = held;
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
        if (held?.owner !== lease.owner || held.generation !== lease.generation) return null;
        const renewed = { ...held, expiresAt: now + ttlMs };
        await replace(path, renewed);
        return renewed;
      } catch (error) {
        throw storage('renew', error);
      }
    },
    async releaseLease(lease) {
      const path = pathOf(lease.runId);
      try {
        const held = await read(path);
        if (held?.owner === lease.owner && held.generation === lease.generation)
          await unlink(path).catch(() => undefined);
      } catch (error) {
        throw storage('release', error);
      }
    },
    async holds(fence) {
      try {
        return fenceHolds(await read(pathOf(fence.lease.runId)), fence);
      } catch (error) {
        throw storage('check', error);
      }
    },
  };
}
