import type { ImportPlan, PlanRequest } from '@psa-bridge/core';

/** A plan kept on the server between planning and running, with the request that made it. */
export interface StoredPlan {
  readonly plan: ImportPlan;
  /** What was asked for, so a run with a selection can plan the same import again with `select`. */
  readonly request: Omit<PlanRequest, 'select' | 'nameRule'>;
}

/**
 * Where plans wait between `POST /imports` and `POST /imports/{planId}/run`: the client gets only
 * the plan's id and rows to show, so what runs is always what the server planned (SPEC I3).
 * Per tenant. The default keeps them in memory for an hour; an app on several processes behind a
 * load balancer gives one over its database.
 */
export interface PlanStore {
  /** Keeps `plan` of `tenant` under its id. */
  put(tenant: string, stored: StoredPlan): Promise<void>;
  /** The plan of `tenant` with this id, or `undefined` (unknown, expired, or another tenant's). */
  get(tenant: string, planId: string): Promise<StoredPlan | undefined>;
}

/** A {@link PlanStore} in this process's memory: plans expire after `ttlMs`, oldest dropped past `max`. */
export function createMemoryPlanStore(
  options: { readonly ttlMs?: number; readonly max?: number } = {},
): PlanStore {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const max = options.max ?? 1_000;
  const plans = new Map<string, { stored: StoredPlan; at: number }>();
  const key = (tenant: string, planId: string) => `${tenant}\u0000${planId}`;
  return {
    async put(tenant, stored) {
      plans.delete(key(tenant, stored.plan.id));
      plans.set(key(tenant, stored.plan.id), { stored, at: Date.now() });
      for (const [old, entry] of plans) {
        if (plans.size <= max && Date.now() - entry.at <= ttlMs) break;
        plans.delete(old);
      }
    },
    async get(tenant, planId) {
      const entry = plans.get(key(tenant, planId));
      if (!entry || Date.now() - entry.at > ttlMs) return undefined;
      return entry.stored;
    },
  };
}
