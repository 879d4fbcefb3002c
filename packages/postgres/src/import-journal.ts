import { PsaBridgeError } from '@psa-bridge/core';
import type { ImportJournal, ImportLease, JournalEntry } from '@psa-bridge/core/adapter';
import type { Database } from './database.js';

/** Entries read per query when reading a run back. */
const READ_BATCH = 1_000;

/**
 * The import journal of one tenant in PostgreSQL (SPEC I5, I6, S1). An append is one statement:
 * all of it is written or none. Reads follow append order (an identity column). A unique index
 * keeps at most one outcome per run and contact: a second one is `CONFLICT`, and nothing of that
 * append is written. The run lease is a row per run with an owner, an expiry and a generation
 * (fencing token), claimed and renewed with single conditional statements, so two processes on
 * two machines never hold it at once; a fenced append writes only under the lease it names.
 */
export function createPostgresImportJournal(
  database: Database,
  tenant: string,
  ready: () => Promise<void>,
): ImportJournal {
  return {
    async append(entries, options = {}) {
      if (entries.length === 0) return;
      const fence = options.fence;
      await ready();
      const columns = {
        runId: [] as string[],
        type: [] as string[],
        run: [] as number[],
        contactId: [] as (string | null)[],
        entry: [] as string[],
      };
      for (const entry of entries) {
        columns.runId.push(entry.runId);
        columns.type.push(entry.type);
        columns.run.push(entry.run ?? 1);
        columns.contactId.push(entry.type === 'intent' || entry.type === 'outcome' ? entry.contactId : null);
        columns.entry.push(JSON.stringify(entry));
      }
      let written: number;
      try {
        // The fence and the write are one statement: the lease row is locked FOR SHARE, so a
        // takeover waits for this insert, and an insert after a takeover sees the new owner.
        written = await database.changed(
          'Appending to the import journal',
          `WITH held AS (
             SELECT 1 FROM psa_bridge_leases
             WHERE $7::text IS NOT NULL AND tenant = $1 AND run_id = $7 AND owner = $8 AND generation = $9
               AND expires_at >= $10
             FOR SHARE
           )
           INSERT INTO psa_bridge_journal (tenant, run_id, type, run, contact_id, entry)
           SELECT $1, r, t, n, c, e::jsonb
           FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) WITH ORDINALITY AS x(r, t, n, c, e, o)
           WHERE $7::text IS NULL OR EXISTS (SELECT 1 FROM held)
           ORDER BY o`,
          [
            tenant,
            columns.runId,
            columns.type,
            columns.run,
            columns.contactId,
            columns.entry,
            fence?.lease.runId ?? null,
            fence?.lease.owner ?? null,
            fence?.lease.generation ?? null,
            fence?.validUntil ?? null,
          ],
        );
      } catch (error) {
        if (error instanceof PsaBridgeError && error.code === 'CONFLICT') {
          throw new PsaBridgeError(
            'CONFLICT',
            'The journal already holds an outcome for one of these contacts in this run; nothing of this append was written',
            { cause: error },
          );
        }
        throw error;
      }
      if (fence && written === 0) {
        throw new PsaBridgeError(
          'CONFLICT',
          `The lease of import ${fence.lease.runId} is no longer this runner's (it lapsed or another runner took it over); nothing of this append was written`,
          { details: { runId: fence.lease.runId } },
        );
      }
    },
    async *read(runId) {
      await ready();
      let after = 0;
      for (;;) {
        const result = await database.query<{ seq: string; entry: JournalEntry }>(
          'Reading the import journal',
          `SELECT seq, entry FROM psa_bridge_journal WHERE tenant = $1 AND run_id = $2 AND seq > $3
           ORDER BY seq LIMIT ${READ_BATCH}`,
          [tenant, runId, after],
        );
        for (const row of result.rows) yield row.entry;
        if (result.rows.length < READ_BATCH) return;
        after = Number(result.rows[result.rows.length - 1]?.seq);
      }
    },
    async claimLease({ runId, owner, now, ttlMs }) {
      await ready();
      // Takes a free or expired lease, or extends one's own; answers no row when another holds it.
      // Every claim raises the generation (fencing token); a released lease keeps its row for that.
      const result = await database.query<{ owner: string; expires_at: string; generation: string }>(
        'Claiming an import lease',
        `INSERT INTO psa_bridge_leases AS held (tenant, run_id, owner, expires_at, generation) VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (tenant, run_id) DO UPDATE
           SET owner = excluded.owner, expires_at = excluded.expires_at, generation = held.generation + 1
         WHERE held.owner = excluded.owner OR held.expires_at <= $5
         RETURNING owner, expires_at, generation`,
        [tenant, runId, owner, now + ttlMs, now],
      );
      const row = result.rows[0];
      return row
        ? { runId, owner: row.owner, expiresAt: Number(row.expires_at), generation: Number(row.generation) }
        : null;
    },
    async renewLease(lease, now, ttlMs) {
      await ready();
      const renewed = await database.changed(
        'Renewing an import lease',
        `UPDATE psa_bridge_leases SET expires_at = $4
         WHERE tenant = $1 AND run_id = $2 AND owner = $3 AND generation = $5`,
        [tenant, lease.runId, lease.owner, now + ttlMs, lease.generation],
      );
      return renewed > 0 ? ({ ...lease, expiresAt: now + ttlMs } satisfies ImportLease) : null;
    },
    async releaseLease(lease) {
      await ready();
      await database.query(
        'Releasing an import lease',
        `UPDATE psa_bridge_leases SET expires_at = 0
         WHERE tenant = $1 AND run_id = $2 AND owner = $3 AND generation = $4`,
        [tenant, lease.runId, lease.owner, lease.generation],
      );
    },
  };
}
