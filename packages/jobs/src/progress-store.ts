import type pg from 'pg';
import { DB_NOW_MS } from './job-table.js';
import type { JobKind, JobProgress } from './job-types.js';

/** Job progress in `psa_bridge_job_progress` (created by `migrate()` of `@psa-bridge/postgres`). */
export interface ProgressStore {
  /** Records that a worker started (or restarted) a job, as `attempt`, with a first heartbeat. */
  start(
    jobId: string,
    tenant: string,
    kind: JobKind,
    total: number | undefined,
    attempt: string,
  ): Promise<void>;
  /** Tells that `attempt` still runs the job; `false` when another attempt took it over. */
  heartbeat(jobId: string, attempt: string): Promise<boolean>;
  /** Records how far it is. */
  update(jobId: string, done: number, total: number | undefined): Promise<void>;
  /** Reads it, with an ETA from the rate so far. */
  read(jobId: string): Promise<JobProgress | undefined>;
}

/** The {@link ProgressStore} on a pool. */
export function createProgressStore(pool: pg.Pool): ProgressStore {
  return {
    async start(jobId, tenant, kind, total, attempt) {
      await pool.query(
        `INSERT INTO psa_bridge_job_progress (job_id, tenant, kind, done, total, started_at, updated_at, attempt, heartbeat_at)
         VALUES ($1, $2, $3, 0, $4, $5, $5, $6, ${DB_NOW_MS})
         ON CONFLICT (job_id) DO UPDATE SET started_at = excluded.started_at, updated_at = excluded.updated_at,
           total = excluded.total, attempt = excluded.attempt, heartbeat_at = excluded.heartbeat_at`,
        [jobId, tenant, kind, total ?? null, Date.now(), attempt],
      );
    },
    async heartbeat(jobId, attempt) {
      const result = await pool.query(
        `UPDATE psa_bridge_job_progress SET heartbeat_at = ${DB_NOW_MS} WHERE job_id = $1 AND attempt = $2`,
        [jobId, attempt],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async update(jobId, done, total) {
      await pool.query(
        'UPDATE psa_bridge_job_progress SET done = $2, total = coalesce($3, total), updated_at = $4 WHERE job_id = $1',
        [jobId, done, total ?? null, Date.now()],
      );
    },
    async read(jobId) {
      const result = await pool.query<{
        done: number;
        total: number | null;
        started_at: string;
        updated_at: string;
      }>('SELECT done, total, started_at, updated_at FROM psa_bridge_job_progress WHERE job_id = $1', [
        jobId,
      ]);
      const row = result.rows[0];
      if (!row) return undefined;
      const elapsed = Number(row.updated_at) - Number(row.started_at);
      const etaMs =
        row.total !== null && row.done > 0 && row.done < row.total
          ? Math.round((elapsed / row.done) * (row.total - row.done))
          : undefined;
      return {
        done: row.done,
        ...(row.total === null ? {} : { total: row.total }),
        ...(etaMs === undefined ? {} : { etaMs }),
      };
    },
  };
}
