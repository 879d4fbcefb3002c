/**
 * Import from Datto Autotask (SPEC I1-I6), with a manual mapping and an interrupted run that
 * resumes: the run is aborted after its first batch, and running the plan again finishes it,
 * creating nobody twice. Against the Autotask and GoTo simulators on loopback ports.
 *
 * Run: `npx tsx datto-import.ts` (from examples/).
 */
import { createBridge, isPsaBridgeError } from '@psa-bridge/core';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';

const world = await createDemoWorld({ latencyMs: 5 });
try {
  const gotoClient = goto(world.goto);
  const bridge = createBridge({ providers: [world.autotask.provider], goto: gotoClient });

  // The zone is found from the user name; the test reports the hourly request budget.
  const saved = await bridge.connections.testAndSave({
    providerId: 'datto',
    product: 'resolve',
    credentials: world.autotask.credentials,
  });
  if (!saved.saved) throw new Error(`${saved.failure.reason}: ${saved.failure.message}`);
  const connectionId = saved.connection.id;
  console.log('connection test facts:', saved.facts);

  // Manual search (SPEC M2): customers only, by the tenant's own company type picklist.
  const { types } = await bridge.mappings.filters(connectionId);
  const customer = types.find((type) => type.name === 'Customer');
  const page = await bridge.mappings.search(connectionId, {
    name: 'acme',
    ...(customer ? { typeIds: [customer.id] } : {}),
  });
  const company = page.items[0];
  const account = (await gotoClient.listAccounts()).find((a) => a.name === 'Acme Corporation');
  if (!company || !account) throw new Error('nothing to map');
  await bridge.mappings.save({ connectionId, accountKey: account.key, companyId: company.id });
  console.log(`mapped ${account.name} to ${company.name} #${company.id}`);

  // No licenses (allowed: SPEC I1), and every contact of the company.
  const plan = await bridge.imports.plan({ connectionId, accountKey: account.key, licenseKeys: [] });
  console.log(`plan: ${plan.totals.create} to create, ${plan.totals.skip} skipped`);

  // Stop after the first batch, as a crash or a deploy would.
  const stop = new AbortController();
  try {
    await bridge.imports.run(plan, {
      batchSize: 4,
      signal: stop.signal,
      onProgress: ({ done }) => {
        if (done > 0) stop.abort();
      },
    });
  } catch (error) {
    if (!isPsaBridgeError(error, 'ABORTED')) throw error;
    const created = world.gotoFake.users(account.key).filter((u) => u.email.endsWith('@acme-at.example'));
    console.log(`interrupted after ${created.length} users: ${error.message}`);
  }
  // Running the same plan again resumes from the journal (SPEC I6).
  const report = await bridge.imports.run(plan, { batchSize: 4 });
  console.log('report:', report.totals);
  console.log(
    `users in GoTo with an acme-at.example address: ${world.gotoFake.users(account.key).filter((u) => u.email.endsWith('@acme-at.example')).length}`,
  );
} finally {
  await world.close();
}
