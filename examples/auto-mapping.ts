/**
 * Batch auto-mapping with a review step (SPEC M4): match every unmapped GoTo account at once in
 * a dry run, save the exact matches, hold the near ones (a typing slip) for a person to confirm,
 * and list what needs a manual search. Against the ConnectWise and GoTo simulators.
 *
 * Run: `npx tsx auto-mapping.ts` (from examples/).
 */
import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { type AutoMapRow, createBridge } from '@psa-bridge/core';
import { goto } from '@psa-bridge/goto';
import { createGoToFake } from '@psa-bridge/goto/fake';

const psa = createConnectWiseFake({ companies: 400, contactsPerCompany: 0, seed: 21 });
// GoTo account names as partners type them: exact, other legal forms, slips, strangers.
const names = psa.data.companies.filter((c) => !c.deletedFlag && c.status.id === 1).map((c) => c.name);
const accounts = [
  ...names.slice(0, 12),
  ...names.slice(12, 15).map((name) => `${name} B.V.`),
  ...names.slice(15, 17).map((name) => name.replace(/^(\w\w)(\w)(\w)/, '$1$3$2')), // swapped letters
  'Nobody Trading Company',
];
const first = psa.data.companies[0];
if (first) psa.data.companies.push({ ...first, id: 99_001, name: `${first.name} Ltd` }); // a twin
const gotoFake = createGoToFake({ accounts: accounts.map((name) => ({ name })) });

const [cw, gt] = await Promise.all([psa.listen(), gotoFake.listen()]);
try {
  const bridge = createBridge({ providers: [connectwise()], goto: goto(gt.clientOptions) });
  const saved = await bridge.connections.testAndSave({
    providerId: 'connectwise',
    product: 'resolve',
    credentials: cw.credentials,
  });
  if (!saved.saved) throw new Error(saved.failure.message);
  const connectionId = saved.connection.id;

  // 1. A dry run: nothing is saved; every row carries its evidence.
  const review = await bridge.mappings.autoMapAll(connectionId, { dryRun: true });
  console.log(`read ${review.companiesRead} companies:`, review.totals);

  // 2. The review: exact names are approved; a near match waits for a person.
  const exact = (row: AutoMapRow) => row.outcome === 'found' && row.candidates[0]?.score === 1;
  const show = (row: AutoMapRow) =>
    row.candidates.map((c) => `${c.company.name} (${c.score}: ${c.reason})`).join('; ') || '-';
  for (const row of review.rows.filter((r) => !exact(r))) {
    const label = row.outcome === 'found' ? 'near' : row.outcome;
    console.log(`  ${label.padEnd(8)} ${row.account.name} → ${show(row)}`);
  }
  // Here the "person" confirms every near match; an app would show a screen.
  const approved = review.rows.filter((row) => row.outcome === 'found');
  for (const row of approved) {
    if (!row.company) continue;
    await bridge.mappings.save({
      connectionId,
      accountKey: row.account.key,
      companyId: row.company.id,
      source: 'automatic',
    });
  }
  console.log(`saved ${approved.length} mappings after review`);

  // 3. Later runs never touch what is mapped: only the rest is matched again.
  const again = await bridge.mappings.autoMapAll(connectionId, { dryRun: true });
  console.log('second run:', again.totals);
} finally {
  await Promise.all([cw.close(), gt.close()]);
}
