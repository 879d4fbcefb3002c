import { type ImportJournal, type ImportLease, type JournalEntry, PsaBridgeError } from '@psa-bridge/core';
import type { Database } from './database.js';

/** Entries read per query when reading a run back. */
const READ_BATCH = 1_000;

/**
 * The import journal of one tenant in PostgreSQL (SPEC I5, I6, S1). An append is one statement:
 * all of it is written or none. Reads follow append order (an identity column). A unique index
 * keeps at most one outcome per run and contact: a second one is `CONFLICT`, and nothing of that
 * append is written. The run lease is a row per run with an owner and an expiry, claimed and
 * renewed with single conditional statements, so two processes on two machines never hold it
 * at once.
 */
export function createPostgresImportJournal(
  database: Database,
  tenant: string,
  ready: () => Promise<void>,
): ImportJournal {
  return {
    async append(entries) {
      if (entries.length === 0) return;
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
      try {
        await database.query(
          'Appending to the import journal',
          `INSERT INTO psa_bridge_journal (tenant, run_id, type, run, contact_id, entry)
           SELECT $1, r, t, n, c, e::jsonb
           FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) WITH ORDINALITY AS x(r, t, n, c, e, o)
           ORDER BY o`,
          [tenant, columns.runId, columns.type, columns.run, columns.contactId, columns.entry],
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
      const result = await database.query<{ owner: string; expires_at: string }>(
        'Claiming an import lease',
        `INSERT INTO psa_bridge_leases AS held (tenant, run_id, owner, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant, run_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE held.owner = excluded.owner OR held.expires_at <= $5
         RETURNING owner, expires_at`,
        [tenant, runId, owner, now + ttlMs, now],
      );
      const row = result.rows[0];
      return row ? { runId, owner: row.owner, expiresAt: Number(row.expires_at) } : null;
    },
    async renewLease(lease, now, ttlMs) {
      await ready();
      const renewed = await database.changed(
        'Renewing an import lease',
        'UPDATE psa_bridge_leases SET expires_at = $4 WHERE tenant = $1 AND run_id = $2 AND owner = $3',
        [tenant, lease.runId, lease.owner, now + ttlMs],
      );
      return renewed > 0 ? ({ ...lease, expiresAt: now + ttlMs } satisfies ImportLease) : null;
    },
    async releaseLease(lease) {
      await ready();
      await database.query(
        'Releasing an import lease',
        'DELETE FROM psa_bridge_leases WHERE tenant = $1 AND run_id = $2 AND owner = $3',
        [tenant, lease.runId, lease.owner],
      );
    },
  };
}
