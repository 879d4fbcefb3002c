import { PsaBridgeError } from '@psa-bridge/core';
import type pg from 'pg';
import { checkTenantArgument, requireObject } from './check-input.js';
import { DB_NOW_MS } from './job-table.js';
import type { RefreshJobOptions } from './job-types.js';

/** A connection's refresh schedule (SPEC R1): how often, and with which options. */
export interface RefreshSchedule {
  /** The tenant. */
  readonly tenant: string;
  /** The connection. */
  readonly connectionId: string;
  /** Minutes between refreshes (at least 1). */
  readonly everyMinutes: number;
  /** Minutes between id-only reconciliations of the companies (deleted and merged ones), if any. */
  readonly reconcileEveryMinutes?: number;
  /** Options of each refresh. */
  readonly options: RefreshJobOptions;
  /** When the next refresh is due (ISO 8601). */
  readonly nextAt: string;
}

/** What `JobQueue.scheduleRefresh` takes. */
export interface RefreshScheduleRequest {
  readonly tenant: string;
  readonly connectionId: string;
  /** Minutes between refreshes, 1 to 10,080 (a week). @default 15 */
  readonly everyMinutes?: number;
  /** Minutes between id-only reconciliations, at least `everyMinutes`. @default none */
  readonly reconcileEveryMinutes?: number;
  /** Options of each refresh (`mode` defaults to `auto`: incremental, full once a day). */
  readonly options?: RefreshJobOptions;
}

/** A refresh that is due: what to enqueue. */
export interface DueRefresh {
  readonly tenant: string;
  readonly connectionId: string;
  readonly options: RefreshJobOptions;
}

/** The schedules' table (`psa_bridge_refresh_schedules`, from `migrate()`). */
export interface RefreshSchedules {
  schedule(request: RefreshScheduleRequest): Promise<RefreshSchedule>;
  unschedule(tenant: string, connectionId: string): Promise<boolean>;
  list(tenant: string): Promise<readonly RefreshSchedule[]>;
  /**
   * Claims every schedule that is due and moves it on (one statement: two ticks at once never
   * claim one schedule twice), resolving the refreshes to enqueue.
   */
  claimDue(): Promise<readonly DueRefresh[]>;
}

const MINUTE = 60_000;

interface Row {
  readonly tenant_id: string;
  readonly connection_id: string;
  readonly every_ms: string;
  readonly reconcile_ms: string | null;
  readonly options: RefreshJobOptions;
  readonly next_at: string;
}

const fromRow = (row: Row): RefreshSchedule => ({
  tenant: row.tenant_id,
  connectionId: row.connection_id,
  everyMinutes: Number(row.every_ms) / MINUTE,
  ...(row.reconcile_ms === null ? {} : { reconcileEveryMinutes: Number(row.reconcile_ms) / MINUTE }),
  options: row.options,
  nextAt: new Date(Number(row.next_at)).toISOString(),
});

function minutes(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 10_080) {
    throw new PsaBridgeError(
      'VALIDATION',
      `scheduleRefresh(): ${field} must be a whole number from ${min} to 10080`,
      {
        details: { field },
      },
    );
  }
  return value;
}

/** The {@link RefreshSchedules} on the stores' database. */
export function createRefreshSchedules(pool: pg.Pool): RefreshSchedules {
  return {
    async schedule(request) {
      const given = requireObject(request, 'scheduleRefresh()', '{ tenant, connectionId }');
      checkTenantArgument(given.tenant, 'scheduleRefresh()');
      if (typeof given.connectionId !== 'string' || given.connectionId.trim() === '') {
        throw new PsaBridgeError('VALIDATION', 'scheduleRefresh(): connectionId must be a connection id', {
          details: { field: 'connectionId' },
        });
      }
      const every = minutes(given.everyMinutes ?? 15, 'everyMinutes', 1);
      const reconcile =
        given.reconcileEveryMinutes === undefined
          ? undefined
          : minutes(given.reconcileEveryMinutes, 'reconcileEveryMinutes', every);
      const options = requireObject(given.options ?? {}, 'scheduleRefresh()', 'options as an object');
      const result = await pool.query<Row>(
        `INSERT INTO psa_bridge_refresh_schedules
           (tenant_id, connection_id, every_ms, reconcile_ms, options, next_at, reconcile_at, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, ${DB_NOW_MS}, CASE WHEN $4::bigint IS NULL THEN NULL ELSE ${DB_NOW_MS} + $4::bigint END, $6)
         ON CONFLICT (tenant_id, connection_id) DO UPDATE SET every_ms = excluded.every_ms,
           reconcile_ms = excluded.reconcile_ms, options = excluded.options,
           reconcile_at = excluded.reconcile_at
         RETURNING tenant_id, connection_id, every_ms::text, reconcile_ms::text, options, next_at::text`,
        [
          given.tenant,
          given.connectionId,
          every * MINUTE,
          reconcile === undefined ? null : reconcile * MINUTE,
          JSON.stringify(options),
          new Date().toISOString(),
        ],
      );
      return fromRow(result.rows[0] as Row);
    },
    async unschedule(tenant, connectionId) {
      checkTenantArgument(tenant, 'unscheduleRefresh()');
      const result = await pool.query(
        'DELETE FROM psa_bridge_refresh_schedules WHERE tenant_id = $1 AND connection_id = $2',
        [tenant, connectionId],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async list(tenant) {
      checkTenantArgument(tenant, 'listRefreshSchedules()');
      const result = await pool.query<Row>(
        `SELECT tenant_id, connection_id, every_ms::text, reconcile_ms::text, options, next_at::text
         FROM psa_bridge_refresh_schedules WHERE tenant_id = $1 ORDER BY connection_id`,
        [tenant],
      );
      return result.rows.map(fromRow);
    },
    async claimDue() {
      // One clock for the whole statement (clock_timestamp() moves between calls).
      const result = await pool.query<Row & { reconcile: boolean }>(
        `WITH clock AS (SELECT ${DB_NOW_MS} AS ms),
         due AS (
           SELECT s.tenant_id, s.connection_id,
             (s.reconcile_at IS NOT NULL AND s.reconcile_at <= clock.ms) AS reconcile
           FROM psa_bridge_refresh_schedules s, clock
           WHERE s.next_at <= clock.ms FOR UPDATE OF s SKIP LOCKED
         )
         UPDATE psa_bridge_refresh_schedules s SET
           next_at = clock.ms + s.every_ms,
           reconcile_at = CASE WHEN due.reconcile THEN clock.ms + s.reconcile_ms ELSE s.reconcile_at END
         FROM due, clock WHERE s.tenant_id = due.tenant_id AND s.connection_id = due.connection_id
         RETURNING s.tenant_id, s.connection_id, s.options, due.reconcile`,
      );
      return result.rows.map((row) => ({
        tenant: row.tenant_id,
        connectionId: row.connection_id,
        options: row.reconcile ? { ...row.options, mode: 'reconcile' as const } : row.options,
      }));
    },
  };
}
