import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportJournal, JournalEntry } from '@psa-bridge/core/adapter';
import { createJsonLinesImportJournal } from '@psa-bridge/core/node';
import { createPostgresStores, migrate } from '@psa-bridge/postgres';
import pg from 'pg';
import { startTestPostgres } from '../packages/postgres/test/support/postgres-server.js';
import { measure, ms } from './measure.js';

const TENANTS = 1_000;
const MAPPINGS = 1_000;
const KEY = Buffer.alloc(32, 9).toString('base64');

const outcome = (runId: string, i: number): JournalEntry => ({
  type: 'outcome',
  runId,
  at: '2026-11-23T00:00:00.000Z',
  contactId: `contact-${i}`,
  email: `user${i}@acme.example`,
  outcome: 'created',
  userKey: `u${i}`,
  run: 1,
});

/** Appends `entries` entries in batches of `batch`, one append at a time, and returns appends per second. */
async function appendRate(
  journal: ImportJournal,
  runPrefix: string,
  entries: number,
  batch: number,
): Promise<number> {
  let run = 0;
  const result = await measure(async () => {
    run += 1;
    for (let i = 0; i < entries; i += batch) {
      await journal.append(Array.from({ length: batch }, (_, k) => outcome(`${runPrefix}-${run}`, i + k)));
    }
  }, 5);
  return (entries / batch / result.medianMs) * 1000;
}

/** Prints the PostgreSQL store figures of issue 17. */
export async function benchPostgres(): Promise<void> {
  // Durable settings (fsync on), like a production server: the JSON-lines journal fsyncs too.
  const server = await startTestPostgres(undefined, { durable: true });
  const pool = new pg.Pool({ connectionString: server.url, max: 20 });
  const folder = await mkdtemp(join(tmpdir(), 'psa-bridge-bench-journal-'));
  try {
    await migrate({ pool });
    await pool.query('TRUNCATE psa_bridge_mappings, psa_bridge_journal, psa_bridge_leases');
    console.log(`PostgreSQL stores: ${server.how}`);

    // Writes through the store, 20 tenants at a time, for the first 50 tenants.
    const written = 50;
    const started = performance.now();
    for (let t = 0; t < written; t += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, written - t) }, async (_, k) => {
          const stores = createPostgresStores({ pool, tenant: `tenant-${t + k}`, secretKey: KEY });
          for (let m = 0; m < MAPPINGS; m += 1) {
            await stores.mappings.put({
              connectionId: 'c1',
              accountKey: `account-${String(m).padStart(5, '0')}`,
              companyId: String(m),
              companyName: `Company ${m}`,
              source: 'automatic',
              mappedAt: '2026-11-23T00:00:00.000Z',
            });
          }
        }),
      );
    }
    const putRate = ((written * MAPPINGS) / (performance.now() - started)) * 1000;
    // The other tenants in bulk, so that reads run against 1,000 x 1,000 rows.
    await pool.query(
      `INSERT INTO psa_bridge_mappings (tenant, connection_id, account_key, company_id, company_name, source, mapped_at)
       SELECT 'tenant-' || t, 'c1', 'account-' || lpad(m::text, 5, '0'), m::text, 'Company ' || m, 'automatic', '2026-11-23T00:00:00.000Z'
       FROM generate_series($1::int, $2::int - 1) AS t, generate_series(0, $3::int - 1) AS m`,
      [written, TENANTS, MAPPINGS],
    );
    await pool.query('ANALYZE psa_bridge_mappings');
    const rows = Number((await pool.query('SELECT count(*) AS n FROM psa_bridge_mappings')).rows[0].n);
    let probe = 0;
    const stores = Array.from({ length: 100 }, (_, i) =>
      createPostgresStores({ pool, tenant: `tenant-${(i * 97) % TENANTS}`, secretKey: KEY }),
    );
    const pageRead = await measure(async () => {
      for (const store of stores) await store.mappings.listPage('c1', { limit: 1_000 });
    });
    const getRead = await measure(async () => {
      for (const store of stores) {
        probe += 1;
        await store.mappings.get('c1', `account-${String((probe * 31) % MAPPINGS).padStart(5, '0')}`);
      }
    });
    console.log(
      `  ${TENANTS.toLocaleString('en')} tenants x ${MAPPINGS.toLocaleString('en')} mappings = ${rows.toLocaleString('en')} rows`,
    );
    console.log(
      `  put through the store      ${Math.round(putRate).toLocaleString('en')} mappings/s (20 tenants at once)`,
    );
    console.log(
      `  a tenant's 1,000 mappings  ${ms(pageRead.medianMs / stores.length)} per page of 1,000 (median over 100 tenants)`,
    );
    console.log(`  one mapping by key         ${ms(getRead.medianMs / stores.length)}`);

    // Journal appends: PostgreSQL against the JSON-lines journal (fsync per append), same run.
    const postgres = createPostgresStores({ pool, tenant: 'journal-bench', secretKey: KEY }).journal;
    const file = createJsonLinesImportJournal({ path: join(folder, 'journal.jsonl') });
    for (const batch of [1, 50]) {
      const pgRate = await appendRate(postgres, `pg-${batch}`, batch === 1 ? 500 : 5_000, batch);
      const fileRate = await appendRate(file, `file-${batch}`, batch === 1 ? 500 : 5_000, batch);
      console.log(
        `  journal, ${String(batch).padStart(2)} per append     PostgreSQL ${Math.round(pgRate).toLocaleString('en')} appends/s, JSON lines ${Math.round(fileRate).toLocaleString('en')} appends/s (${(pgRate / fileRate).toFixed(2)}x)`,
      );
    }

    // The lease: one renewal per batch of an import, against the batch's own appends.
    const claim = await postgres.claimLease({
      runId: 'lease-bench',
      owner: 'bench',
      now: Date.now(),
      ttlMs: 60_000,
    });
    if (!claim) throw new Error('the bench lease was taken');
    const renew = await measure(async () => {
      for (let i = 0; i < 200; i += 1) await postgres.renewLease(claim, Date.now(), 60_000);
    });
    let batches = 0;
    const batchAppend = await measure(async () => {
      for (let i = 0; i < 50; i += 1) {
        batches += 1;
        // A batch of 50 contacts: 50 intents, then 50 outcomes.
        const entries = Array.from({ length: 50 }, (_, k) => outcome(`lease-${batches}`, k));
        await postgres.append(entries.map((entry) => ({ ...entry, type: 'intent' }) as JournalEntry));
        await postgres.append(entries);
      }
    });
    const renewMs = renew.medianMs / 200;
    const batchMs = batchAppend.medianMs / 50;
    console.log(
      `  lease cost per batch       ${ms(renewMs)} (one renewal), ${((renewMs / (renewMs + batchMs)) * 100).toFixed(0)}% of a batch's journal time (${ms(batchMs)} for 50 intents + 50 outcomes)`,
    );
  } finally {
    await pool.end();
    await rm(folder, { recursive: true, force: true });
    await server.stop();
  }
}
