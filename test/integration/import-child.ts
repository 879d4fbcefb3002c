/**
 * The child process of the crash test: runs an import plan with the JSON-file journal, until
 * the parent kills it. Arguments: one JSON object (see CrashChildInput).
 */
import { readFile } from 'node:fs/promises';
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge, type ImportPlan, type PsaProvider } from '@psa-bridge/core';
import { createJsonFileStores } from '@psa-bridge/core/node';
import { datto } from '@psa-bridge/datto';
import { goto } from '@psa-bridge/goto';
import type { GoToFakeClientOptions } from '@psa-bridge/goto/fake';

/** What the parent passes. */
export interface CrashChildInput {
  readonly directory: string;
  readonly secretKey: string;
  readonly kind: 'connectwise' | 'datto';
  readonly discoveryUrl?: string;
  readonly gotoOptions: GoToFakeClientOptions;
  readonly planPath: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as CrashChildInput;
const provider = (
  input.kind === 'connectwise' ? connectwise() : datto({ discoveryUrl: input.discoveryUrl ?? '' })
) as PsaProvider<unknown>;
const bridge = createBridge({
  providers: [provider],
  goto: goto(input.gotoOptions),
  stores: createJsonFileStores({ directory: input.directory, secretKey: input.secretKey }),
});
const plan = JSON.parse(await readFile(input.planPath, 'utf8')) as ImportPlan;
// A short lease, so the resume after the kill need not wait long for it to lapse (SPEC I8).
await bridge.imports.run(plan, {
  batchSize: 5,
  leaseTtlMs: 3_000,
  onProgress: ({ done }) => console.log(`done ${done}`),
});
console.log('finished');
