import type { ImportPlan, PlanRequest } from '@psa-bridge/core';

/** A run started from a stored plan: which contacts it ran, so a replay is told apart from a new run. */
export interface PlanRun {
  /** The run's id (`GET /runs/{runId}`). */
  readonly runId: string;
  /** The contact ids it ran, sorted and joined; empty for the whole plan. */
  readonly selection: string;
}

/** A plan kept on the server between planning and running, with the request that made it. */
export interface StoredPlan {
  /** This plan's own id: every `POST /imports` makes a new one, also for the same inputs. */
  readonly planId: string;
  /** The sealed plan. Its `id` names the import (and its journal): plans of equal inputs share it. */
  readonly plan: ImportPlan;
  /** What was asked for, so a run with a selection can plan the same import again with `select`. */
  readonly request: Omit<PlanRequest, 'select' | 'nameRule'>;
  /** The runs started from it, oldest first. */
  readonly runs?: readonly PlanRun[];
}

/**
 * Where plans wait between `POST /imports` and `POST /imports/{planId}/run`: the client gets only
 * the plan's id and rows to show, so what runs is always what the server planned (SPEC I3).
 * Per tenant. The default keeps them in memory for an hour; an app on several processes behind a
 * load balancer gives one over its database.
 */
export interface PlanStore {
  /** Keeps (or replaces) `stored` of `tenant` under `stored.planId`. */
  put(tenant: string, stored: StoredPlan): Promise<void>;
  /** The plan of `tenant` with this id, or `undefined` (unknown, expired, or another tenant's). */
  get(tenant: string, planId: string): Promise<StoredPlan | undefined>;
  /** Drops every plan of `tenant` for this connection: it was deleted, and its plans end with it (SPEC C6). */
  deleteByConnection(tenant: string, connectionId: string): Promise<void>;
}

/**
 * A {@link PlanStore} in this process's memory: plans expire after `ttlMs`, and past `maxPerTenant`
 * plans of one tenant its oldest is dropped. One tenant's plans never push out another's.
 */
export function createMemoryPlanStore(
  options: { readonly ttlMs?: number; readonly maxPerTenant?: number; readonly now?: () => number } = {},
): PlanStore {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const max = options.maxPerTenant ?? 100;
  const now = options.now ?? Date.now;
  const tenants = new Map<string, Map<string, { stored: StoredPlan; at: number }>>();
  const fresh = (entry: { at: number } | undefined) => entry !== undefined && now() - entry.at <= ttlMs;
  return {
    async put(tenant, stored) {
      let plans = tenants.get(tenant);
      if (!plans) {
        plans = new Map();
        tenants.set(tenant, plans);
      }
      const kept = plans.get(stored.planId);
      // A plan keeps its time (and place) when its runs are recorded; a new plan starts its hour now.
      plans.set(stored.planId, { stored, at: kept?.at ?? now() });
      if (kept) return;
      for (const [old, entry] of plans) {
        if (plans.size <= max && fresh(entry)) break;
        plans.delete(old);
      }
    },
    async get(tenant, planId) {
      const entry = tenants.get(tenant)?.get(planId);
      return fresh(entry) ? entry?.stored : undefined;
    },
    async deleteByConnection(tenant, connectionId) {
      const plans = tenants.get(tenant);
      for (const [planId, entry] of plans ?? []) {
        if (entry.stored.plan.connectionId === connectionId) plans?.delete(planId);
      }
    },
  };
}
