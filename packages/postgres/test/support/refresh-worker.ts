/**
 * A child process of the read-model kill test: a bridge on PostgreSQL stores that runs one full
 * refresh of a connection's companies, printing `page <records read>` after every page, so the
 * parent can SIGKILL it mid-way. Argument: one JSON object (see RefreshWorkerInput).
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge } from '@psa-bridge/core';
import { createMemoryGoto } from '@psa-bridge/core/testing';
import { createPostgresStores } from '@psa-bridge/postgres';

/** What the parent passes. */
export interface RefreshWorkerInput {
  readonly url: string;
  readonly tenant: string;
  readonly secretKey: string;
  readonly connectionId: string;
  readonly clientOptions: Record<string, unknown>;
  readonly leaseMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as RefreshWorkerInput;
const bridge = createBridge({
  providers: [connectwise({ ...input.clientOptions, pageSize: 50 })],
  goto: createMemoryGoto({ accounts: [] }).client(),
  stores: createPostgresStores({
    connectionString: input.url,
    tenant: input.tenant,
    secretKey: input.secretKey,
  }),
  refreshLeaseMs: input.leaseMs,
});
const report = await bridge.refresh(input.connectionId, {
  mode: 'full',
  parts: ['companies'],
  onProgress: ({ read }) => console.log(`page ${read}`),
});
console.log(`done ${JSON.stringify(report.companies)}`);
process.exit(0);
