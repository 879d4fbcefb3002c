/**
 * Import from ConnectWise (SPEC I1-I6): connect, map a GoTo account to its company, plan with
 * a license, review, run. Against the ConnectWise and GoTo simulators on loopback ports.
 *
 * Run: `npx tsx connectwise-import.ts` (from examples/).
 */
import { createBridge, createMemoryStores } from '@psa-bridge/core';
import { createDemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';

const world = await createDemoWorld({ latencyMs: 5 });
try {
  const bridge = createBridge({
    providers: [world.connectwise.provider],
    goto: goto(world.goto),
    stores: createMemoryStores(), // use createJsonFileStores({ directory, secretKey }) to keep them
  });

  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: world.connectwise.credentials,
  });
  if (!saved.saved) throw new Error(`${saved.failure.reason}: ${saved.failure.message}`);
  const connectionId = saved.connection.id;

  // Map "Acme Corporation" to the company the automatic search finds (SPEC M1, M3).
  const accounts = await bridge.mappings.accounts(connectionId);
  const acme = accounts.items.find((row) => row.account.name === 'Acme Corporation')?.account;
  if (!acme) throw new Error('no Acme Corporation account');
  const match = await bridge.mappings.suggest(connectionId, acme);
  if (match.outcome !== 'found' || !match.company) throw new Error(`expected a match, got ${match.outcome}`);
  await bridge.mappings.save({
    connectionId,
    accountKey: acme.key,
    companyId: match.company.id,
    source: 'automatic',
  });

  // Choose the license every imported user gets (SPEC I1), and the contacts (SPEC I3).
  const licenses = await goto(world.goto).listLicenses(acme.key);
  const resolve = licenses.find((license) => license.name === 'GoTo Resolve');
  const plan = await bridge.imports.plan({
    connectionId,
    accountKey: acme.key,
    licenseKeys: resolve ? [resolve.key] : [],
    select: (contact) => contact.lastName !== 'Leaver',
  });
  console.log(`plan ${plan.id}: ${plan.totals.create} to create, ${plan.totals.skip} skipped`);
  for (const row of plan.rows.filter((r) => r.action === 'skip' || r.nameDerived)) {
    console.log(
      `  ${row.email ?? '(no email)'}: ${row.reason}${row.nameDerived ? ` (name from email: ${row.firstName} ${row.lastName})` : ''}`,
    );
  }
  if (plan.seatShortages.length > 0) throw new Error('not enough seats'); // nothing written yet

  const report = await bridge.imports.run(plan, {
    onProgress: ({ done, total }) => console.log(`  ${done}/${total}`),
  });
  console.log('report:', report.totals);
} finally {
  await world.close();
}
