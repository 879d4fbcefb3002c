import type { ImportJournal, ImportLease, LeaseFence } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import type { Clock } from '../http/clock.js';

/** A held import lease: renewed in the background and before every batch. */
export interface LeaseHold {
  /** Renews the lease now; throws `CONFLICT` when it was lost, so nothing more is sent. */
  confirm(): Promise<void>;
  /**
   * The fence for an append (SPEC I8): this lease, valid for at least the safety margin from now.
   * The journal writes the append only while that holds, in the same step as the write.
   */
  fence(): LeaseFence;
  /**
   * Checks, without a round trip, that the lease was not lost and still runs for the safety
   * margin; throws `CONFLICT` otherwise. Called immediately before every create request, retries
   * included, so a runner frozen past its lease (a paused VM, SIGSTOP) sends nothing on waking.
   */
  check(): void;
  /** Stops renewing and gives the lease up. */
  release(): Promise<void>;
}

/** A runner id unique to this run: host, process and a random part. */
export function newRunnerId(): string {
  return `${hostName()}:${globalThis.process?.pid ?? 0}:${globalThis.crypto.randomUUID()}`;
}

/**
 * Takes the lease of an import (SPEC I8) or fails with `CONFLICT` naming until when another
 * runner holds it. The lease is renewed every third of its time in the background, so a slow
 * batch does not lose it, and once more before every batch. Its safety margin is a quarter of
 * its time: a lease with less left than that counts as lost for sending.
 */
export async function holdLease(
  journal: ImportJournal,
  runId: string,
  owner: string,
  ttlMs: number,
  clock: Clock,
): Promise<LeaseHold> {
  const claimed = await journal.claimLease({ runId, owner, now: clock.now(), ttlMs });
  if (!claimed) {
    throw new PsaBridgeError(
      'CONFLICT',
      `Another runner is running import ${runId}; it stops or its lease lapses within ${Math.ceil(ttlMs / 1000)} s. Try again then.`,
      { details: { runId } },
    );
  }
  let lease: ImportLease = claimed;
  let lost = false;
  const marginMs = Math.max(1, Math.floor(ttlMs / 4));
  const lostError = (): PsaBridgeError =>
    new PsaBridgeError(
      'CONFLICT',
      `The lease of import ${runId} was lost (it lapsed, or another runner took it over); this run stopped before sending more`,
      { details: { runId } },
    );
  let renewing: Promise<void> = Promise.resolve();
  const renew = (): Promise<void> => {
    renewing = renewing.then(async () => {
      if (lost) return;
      const next = await journal.renewLease(lease, clock.now(), ttlMs).catch(() => null);
      if (next) lease = next;
      else lost = true;
    });
    return renewing;
  };
  const timer = setInterval(() => void renew(), Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    async confirm() {
      await renew();
      if (lost) throw lostError();
    },
    fence: () => ({ lease, validUntil: clock.now() + marginMs }),
    check() {
      if (lost || clock.now() + marginMs > lease.expiresAt) {
        lost = true;
        throw lostError();
      }
    },
    async release() {
      clearInterval(timer);
      await renewing;
      if (!lost) await journal.releaseLease(lease).catch(() => undefined);
    },
  };
}

/** The machine's name where the runtime tells it (Node, Deno, Bun), for runner ids in leases. */
function hostName(): string {
  const load = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process
    ?.getBuiltinModule;
  try {
    const os = load?.('node:os') as { hostname(): string } | undefined;
    return os?.hostname() ?? 'runner';
  } catch {
    return 'runner';
  }
}
