/**
 * A child process of the multi-process tests: a bridge on PostgreSQL stores that runs one import
 * plan, trying again while another process holds the plan's lease, until the plan is done.
 * Argument: one JSON object (see ImportWorkerInput). Prints `created <n>` as users are created.
 */
import { readFile } from 'node:fs/promises';
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge, type ImportPlan, isPsaBridgeError } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import type { GoToFakeClientOptions } from '@psa-bridge/goto/fake';
import { createPostgresStores } from '@psa-bridge/postgres';

/** What the parent passes. */
export interface ImportWorkerInput {
  readonly url: string;
  readonly tenant: string;
  readonly secretKey: string;
  readonly gotoOptions: GoToFakeClientOptions;
  readonly planPath: string;
  readonly leaseTtlMs: number;
  /** Users per create call. @default 3 */
  readonly batchSize?: number;
  /** Stop at the first `CONFLICT` (print `stopped CONFLICT`) instead of trying again. */
  readonly once?: boolean;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ImportWorkerInput;
const stores = createPostgresStores({
  connectionString: input.url,
  tenant: input.tenant,
  secretKey: input.secretKey,
});
const bridge = createBridge({ providers: [connectwise()], goto: goto(input.gotoOptions), stores });
const plan = JSON.parse(await readFile(input.planPath, 'utf8')) as ImportPlan;
for (;;) {
  try {
    const report = await bridge.imports.run(plan, {
      batchSize: input.batchSize ?? 3,
      leaseTtlMs: input.leaseTtlMs,
      onProgress: ({ done }) => console.log(`done ${done}`),
    });
    console.log(`finished ${JSON.stringify(report.totals)}`);
    break;
  } catch (error) {
    // Another process holds the plan's lease: wait and try again, as a job runner would.
    if (!isPsaBridgeError(error) || error.code !== 'CONFLICT') throw error;
    if (input.once) {
      console.log('stopped CONFLICT');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
await stores.close();
