import type { ImportJournal, ImportLease } from '../contracts/stores.js';

/** The lease methods of an {@link ImportJournal}, held in this process's memory. */
export function createMemoryLeases(): Pick<ImportJournal, 'claimLease' | 'renewLease' | 'releaseLease'> {
  const leases = new Map<string, ImportLease>();
  return {
    async claimLease({ runId, owner, now, ttlMs }) {
      const held = leases.get(runId);
      if (held && held.owner !== owner && held.expiresAt > now) return null;
      const lease = { runId, owner, expiresAt: now + ttlMs };
      leases.set(runId, lease);
      return lease;
    },
    async renewLease(lease, now, ttlMs) {
      const held = leases.get(lease.runId);
      if (!held || held.owner !== lease.owner) return null;
      const renewed = { ...lease, expiresAt: now + ttlMs };
      leases.set(lease.runId, renewed);
      return renewed;
    },
    async releaseLease(lease) {
      if (leases.get(lease.runId)?.owner === lease.owner) leases.delete(lease.runId);
    },
  };
}
