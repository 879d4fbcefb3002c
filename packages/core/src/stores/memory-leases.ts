import type { ImportJournal, ImportLease, LeaseFence } from '../contracts/stores.js';
import { fenceHolds } from './lease-fence.js';

/** The lease methods of an {@link ImportJournal}, held in this process's memory, and the fence check. */
export function createMemoryLeases(): Pick<ImportJournal, 'claimLease' | 'renewLease' | 'releaseLease'> & {
  /** Whether `fence` holds now (synchronous, so an append can check and write in one step). */
  holds(fence: LeaseFence): boolean;
} {
  const leases = new Map<string, ImportLease>();
  /** Generations survive a release, so a later claim never reuses one. */
  const generations = new Map<string, number>();
  return {
    async claimLease({ runId, owner, now, ttlMs }) {
      const held = leases.get(runId);
      if (held && held.owner !== owner && held.expiresAt > now) return null;
      const generation = (generations.get(runId) ?? 0) + 1;
      generations.set(runId, generation);
      const lease = { runId, owner, expiresAt: now + ttlMs, generation };
      leases.set(runId, lease);
      return lease;
    },
    async renewLease(lease, now, ttlMs) {
      const held = leases.get(lease.runId);
      if (!held || held.owner !== lease.owner || held.generation !== lease.generation) return null;
      const renewed = { ...held, expiresAt: now + ttlMs };
      leases.set(lease.runId, renewed);
      return renewed;
    },
    async releaseLease(lease) {
      const held = leases.get(lease.runId);
      if (held?.owner === lease.owner && held.generation === lease.generation) leases.delete(lease.runId);
    },
    holds: (fence) => fenceHolds(leases.get(fence.lease.runId), fence),
  };
}
