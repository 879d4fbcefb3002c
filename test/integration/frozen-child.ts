/**
 * A runner that freezes itself (SIGSTOP) at a chosen step of one batch, as a paused VM or
 * container would, and goes on where it stopped when the parent sends SIGCONT. It prints `frozen`
 * just before it stops, `done <n>` per batch, `finished` or `stopped <code>`.
 * Argument: one JSON object (see FrozenChildInput).
 */
import { readFile } from 'node:fs/promises';
import { connectwise } from '@psa-bridge/connectwise';
import { createBridge, type ImportPlan, isPsaBridgeError, type Stores } from '@psa-bridge/core';
import type { ImportJournal } from '@psa-bridge/core/adapter';
import { createJsonFileStores } from '@psa-bridge/core/node';
import { goto } from '@psa-bridge/goto';
import type { GoToFakeClientOptions } from '@psa-bridge/goto/fake';

/** Where it stops itself: after writing the intents of a batch, or between two create requests of one batch. */
export type FreezePoint = 'after-intents' | 'between-creates' | 'never';

/** What the parent passes. */
export interface FrozenChildInput {
  readonly stores:
    | { readonly kind: 'file'; readonly directory: string }
    | { readonly kind: 'postgres'; readonly url: string; readonly tenant: string };
  readonly secretKey: string;
  readonly gotoOptions: GoToFakeClientOptions;
  readonly planPath: string;
  readonly leaseTtlMs: number;
  readonly freezeAt: FreezePoint;
  /** The batch (1-based) at which it freezes. */
  readonly freezeBatch: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as FrozenChildInput;
const freeze = (): void => {
  console.log('frozen');
  process.kill(process.pid, 'SIGSTOP');
};

async function openStores(): Promise<Stores & { close?: () => Promise<void> }> {
  if (input.stores.kind === 'file')
    return createJsonFileStores({ directory: input.stores.directory, secretKey: input.secretKey });
  const { createPostgresStores } = await import('@psa-bridge/postgres');
  return createPostgresStores({
    connectionString: input.stores.url,
    tenant: input.stores.tenant,
    secretKey: input.secretKey,
  });
}

const stores = await openStores();
let intentBatches = 0;
let creates = 0;
const journal: ImportJournal = {
  ...stores.journal,
  async append(entries, options) {
    await stores.journal.append(entries, options);
    if (entries[0]?.type !== 'intent') return;
    intentBatches += 1;
    if (input.freezeAt === 'after-intents' && intentBatches === input.freezeBatch) freeze();
  },
  read: (runId, options) => stores.journal.read(runId, options),
  claimLease: (claim, options) => stores.journal.claimLease(claim, options),
  renewLease: (lease, now, ttl, options) => stores.journal.renewLease(lease, now, ttl, options),
  releaseLease: (lease, options) => stores.journal.releaseLease(lease, options),
};
// One user per create request, so a batch is several requests and a freeze can fall between them.
const gotoClient = goto({ ...input.gotoOptions, createBatchSize: 1 });
gotoClient.addHooks?.({
  onResponse: (event) => {
    if (event.method !== 'POST' || !/\/users(\?|$)/.test(event.url)) return;
    creates += 1;
    if (input.freezeAt === 'between-creates' && intentBatches === input.freezeBatch && creates % 3 === 1)
      freeze();
  },
});
const bridge = createBridge({ providers: [connectwise()], goto: gotoClient, stores: { ...stores, journal } });
const plan = JSON.parse(await readFile(input.planPath, 'utf8')) as ImportPlan;
try {
  await bridge.imports.run(plan, {
    batchSize: 3,
    leaseTtlMs: input.leaseTtlMs,
    onProgress: ({ done }) => console.log(`done ${done}`),
  });
  console.log('finished');
} catch (error) {
  console.log(`stopped ${isPsaBridgeError(error) ? error.code : String(error)}`);
}
await stores.close?.();
