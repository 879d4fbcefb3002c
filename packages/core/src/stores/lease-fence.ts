import type { ImportLease, LeaseFence } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';

/** Whether `held` (the import's current lease, if any) satisfies `fence`. */
export function fenceHolds(held: ImportLease | undefined, fence: LeaseFence): boolean {
  return (
    held !== undefined &&
    held.owner === fence.lease.owner &&
    held.generation === fence.lease.generation &&
    held.expiresAt >= fence.validUntil
  );
}

/** The `CONFLICT` of an append refused by its fence: nothing of it was written. */
export function fenceRefused(runId: string): PsaBridgeError {
  return new PsaBridgeError(
    'CONFLICT',
    `The lease of import ${runId} is no longer this runner's (it lapsed or another runner took it over); nothing of this append was written`,
    { details: { runId } },
  );
}
