import type pg from 'pg';

/** The database's clock in ms: every worker compares heartbeats on one clock. */
export const DB_NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * Ends and hands back jobs in pg-boss's table, only for the attempt that runs them: every statement
 * names the attempt (recorded in `psa_bridge_job_progress` when a worker starts a job), so a worker
 * that was frozen or cut off can never complete, fail or hand back a job another worker now runs.
 */
export interface JobTable {
  /** Marks the job completed with its report. */
  complete(queue: string, jobId: string, attempt: string, output: unknown): Promise<boolean>;
  /** Records a failure: retried later with pg-boss's backoff while retries remain, else failed. */
  fail(queue: string, jobId: string, attempt: string, message: string): Promise<boolean>;
  /** Puts the job back in the queue at once (or after `delayMs`), not counted as a retry. */
  handBack(queue: string, jobId: string, attempt: string, delayMs: number, reason: string): Promise<boolean>;
  /**
   * Puts back every running job whose heartbeat is older than `staleMs` (its worker died or froze);
   * counted as a retry. Resolves the ids put back.
   */
  requeueStale(queues: readonly string[], staleMs: number): Promise<string[]>;
}

/** The {@link JobTable} of pg-boss's `schema` (a checked identifier). */
export function createJobTable(pool: pg.Pool, schema: string): JobTable {
  const job = `"${schema}".job`;
  const ownAttempt = `EXISTS (SELECT 1 FROM psa_bridge_job_progress p WHERE p.job_id = $2::uuid::text AND p.attempt = $3)`;
  const changed = async (sql: string, values: unknown[]): Promise<boolean> =>
    ((await pool.query(sql, values)).rowCount ?? 0) > 0;
  return {
    complete: (queue, jobId, attempt, output) =>
      changed(
        `UPDATE ${job} SET state = 'completed', completed_on = now(), output = $4::jsonb
         WHERE name = $1 AND id = $2::uuid AND state = 'active' AND ${ownAttempt}`,
        [queue, jobId, attempt, JSON.stringify(output ?? null)],
      ),
    // As pg-boss's own failure: retry with exponential backoff and jitter while retries remain.
    fail: (queue, jobId, attempt, message) =>
      changed(
        `UPDATE ${job} SET
           state = CASE WHEN retry_count < retry_limit THEN 'retry'::"${schema}".job_state ELSE 'failed'::"${schema}".job_state END,
           start_after = CASE
             WHEN retry_count >= retry_limit THEN start_after
             WHEN NOT retry_backoff THEN now() + retry_delay * interval '1 second'
             ELSE now() + (retry_delay * 2 ^ LEAST(16, retry_count + 1) / 2
                   + retry_delay * 2 ^ LEAST(16, retry_count + 1) / 2 * random()) * interval '1 second'
           END,
           completed_on = CASE WHEN retry_count < retry_limit THEN NULL ELSE now() END,
           output = jsonb_build_object('message', $4::text)
         WHERE name = $1 AND id = $2::uuid AND state = 'active' AND ${ownAttempt}`,
        [queue, jobId, attempt, message],
      ),
    // started_on NULL: pg-boss counts a retry only for a job that had started.
    handBack: (queue, jobId, attempt, delayMs, reason) =>
      changed(
        `UPDATE ${job} SET state = 'created', started_on = NULL,
           start_after = now() + $4 * interval '1 millisecond',
           output = jsonb_build_object('handedBack', $5::text)
         WHERE name = $1 AND id = $2::uuid AND state = 'active' AND ${ownAttempt}`,
        [queue, jobId, attempt, Math.max(0, Math.round(delayMs)), reason],
      ),
    async requeueStale(queues, staleMs) {
      const result = await pool.query<{ id: string }>(
        `UPDATE ${job} j SET state = 'retry', start_after = now(),
           output = jsonb_build_object('requeued', 'the worker running it stopped answering')
         WHERE j.name = ANY($1::text[]) AND j.state = 'active'
           AND j.started_on < now() - $2 * interval '1 millisecond'
           AND NOT EXISTS (
             SELECT 1 FROM psa_bridge_job_progress p
             WHERE p.job_id = j.id::text AND p.heartbeat_at > ${DB_NOW_MS} - $2
           )
         RETURNING j.id`,
        [queues, Math.round(staleMs)],
      );
      return result.rows.map((row) => row.id);
    },
  };
}
