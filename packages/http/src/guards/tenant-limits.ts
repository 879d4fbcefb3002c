/** A limit on one kind of request of one tenant: at most `max` in any `perMs` window. */
export interface RateLimit {
  /** Requests allowed in a window. */
  readonly max: number;
  /** The window, in ms. */
  readonly perMs: number;
}

/** The per-tenant limits of the handler's own routes (SPEC H5). */
export interface TenantLimits {
  /** Connection tests (`POST /connections`, a `PATCH` with credentials). @default 10 a minute */
  readonly connectionTests?: RateLimit;
  /** Run starts (imports and auto-maps). @default 30 a minute */
  readonly runStarts?: RateLimit;
  /** Event streams open at once. @default 5 */
  readonly streams?: number;
}

/** Counts of one tenant's requests in rolling windows, and its open streams. */
export interface TenantLimiter {
  /** Takes one of `kind` for `tenant`; resolves ms to wait when over the limit, else 0. */
  take(tenant: string, kind: 'connectionTests' | 'runStarts'): number;
  /** Opens a stream for `tenant`; `false` when it has `streams` open. The function closes it. */
  openStream(tenant: string): (() => void) | false;
}

/** A {@link TenantLimiter} in this process's memory. */
export function createTenantLimiter(limits: TenantLimits = {}, now: () => number = Date.now): TenantLimiter {
  const windows = {
    connectionTests: limits.connectionTests ?? { max: 10, perMs: 60_000 },
    runStarts: limits.runStarts ?? { max: 30, perMs: 60_000 },
  };
  const maxStreams = limits.streams ?? 5;
  const seen = new Map<string, number[]>();
  const streams = new Map<string, number>();
  return {
    take(tenant, kind) {
      const { max, perMs } = windows[kind];
      const key = `${kind}\u0000${tenant}`;
      const at = now();
      const times = (seen.get(key) ?? []).filter((time) => at - time < perMs);
      if (times.length >= max) {
        seen.set(key, times);
        return Math.max(1, (times[0] ?? at) + perMs - at);
      }
      times.push(at);
      seen.set(key, times);
      return 0;
    },
    openStream(tenant) {
      const open = streams.get(tenant) ?? 0;
      if (open >= maxStreams) return false;
      streams.set(tenant, open + 1);
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        const left = (streams.get(tenant) ?? 1) - 1;
        if (left <= 0) streams.delete(tenant);
        else streams.set(tenant, left);
      };
    },
  };
}
