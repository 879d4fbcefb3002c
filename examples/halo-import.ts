/**
 * HaloPSA, the third PSA (SPEC C1): written with the adapter kit alone, it runs the same flow as
 * the other two. Test & save (the token endpoint found through Halo's authinfo), auto-mapping with
 * a review first (SPEC M4), a manual search by top level (Halo's types, SPEC M2), then an import
 * interrupted after its first batch and resumed, creating nobody twice (SPEC I6). Against the
 * Halo and GoTo simulators of the demo world, on loopback ports.
 *
 * Run: `npx tsx halo-import.ts` (from examples/).
 */
import { createBridge, isPsaBridgeError } from '@psa-bridge/core';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';

const world = await createDemoWorld({ latencyMs: 5 });
try {
  const gotoClient = goto(world.goto);
  const bridge = createBridge({ providers: [world.halo.provider], goto: gotoClient });

  const saved = await bridge.connections.testAndSave({
    providerId: 'halo',
    product: 'resolve',
    credentials: world.halo.credentials,
  });
  if (!saved.saved) throw new Error(`${saved.failure.reason}: ${saved.failure.message}`);
  const connectionId = saved.connection.id;
  console.log(`connected: ${saved.connection.label}`);

  // Auto-map every GoTo account: a dry run to review, then the safe matches saved.
  const review = await bridge.mappings.autoMapAll(connectionId, { dryRun: true });
  for (const row of review.rows) {
    console.log(`review: ${row.account.name} → ${row.outcome}${row.company ? ` (${row.company.name})` : ''}`);
  }
  const applied = await bridge.mappings.autoMapAll(connectionId);
  console.log(`auto-map saved ${applied.totals.saved}, to review ${applied.totals.review}`);

  // The manual search: Halo's statuses are active and inactive, its types are top levels.
  const { statuses, types } = await bridge.mappings.filters(connectionId);
  console.log(
    `statuses: ${statuses.map((s) => s.name).join(', ')}; top levels: ${types.map((t) => t.name).join(', ')}`,
  );
  const prospects = types.find((type) => type.name === 'Prospects');
  const page = await bridge.mappings.search(connectionId, {
    name: 'globex',
    ...(prospects ? { typeIds: [prospects.id] } : {}),
  });
  console.log(`"globex" among prospects: ${page.items.map((c) => c.name).join(', ')}`);

  const account = (await gotoClient.listAccounts()).find((a) => a.name === 'Acme Corporation');
  if (!account) throw new Error('no Acme in GoTo');
  const plan = await bridge.imports.plan({ connectionId, accountKey: account.key });
  console.log(
    `plan: ${plan.totals.create} to create, ${plan.totals.skip} skipped (${plan.totals.inactive} inactive)`,
  );

  // Stop after the first batch, as a crash or a deploy would; the same plan again resumes.
  const stop = new AbortController();
  try {
    await bridge.imports.run(plan, {
      batchSize: 3,
      signal: stop.signal,
      onProgress: ({ totals }) => {
        if (totals.created > 0) stop.abort();
      },
    });
  } catch (error) {
    if (!isPsaBridgeError(error, 'ABORTED')) throw error;
    const created = world.gotoFake.users(account.key).filter((u) => u.email.endsWith('@acme-halo.example'));
    console.log(`interrupted after ${created.length} users`);
  }
  const report = await bridge.imports.run(plan, { batchSize: 3 });
  console.log('report:', report.totals);
  const halo = world.gotoFake.users(account.key).filter((u) => u.email.endsWith('@acme-halo.example'));
  console.log(
    `users in GoTo with an acme-halo.example address: ${halo.length}, each once: ${new Set(halo.map((u) => u.email)).size === halo.length}`,
  );
  const writes = Object.keys(world.halo.fake.host.stats.byRoute).filter(
    (route) => !/^(GET \/api\/|POST \/auth\/token)/.test(route),
  );
  console.log(`requests that could change Halo: ${writes.length}`);
} finally {
  await world.close();
}
