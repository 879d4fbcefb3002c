/**
 * psa-bridge quickstart: the whole flow of GoTo's PSA-integration article, with the public API
 * only. `npm ci && npm run demo` runs it against the ConnectWise, Autotask, HaloPSA and GoTo simulators
 * on loopback ports: no credentials, no network. With credentials in environment variables
 * (see `support/world.ts` and docs/getting-started.md) it runs against the real vendors; it
 * creates GoTo users there only with `PSA_BRIDGE_WRITE=yes`.
 *
 * - connect: test & save, one failing test shown with its reason (SPEC C2-C4)
 * - GoTo accounts with their mapping column (C5)
 * - the automatic search per account: found, none, multiple (M1)
 * - a manual search with the PSA's status and type filters (M2), then saved mappings (M3)
 * - batch auto-mapping for the second PSA, reviewed first (M4)
 * - plan an import: a dry run, as a table (I1-I3)
 * - run it with a progress bar, and its report (I4, I6)
 * - run again: nobody is created twice (I5, I6)
 * - strong end users from the PSA, and inbound email resolved to strong and weak ones (E2-E6)
 */
import {
  type Connection,
  type Contact,
  createBridge,
  type GotoAccount,
  type ImportPlan,
  type ImportReport,
  type PlanRow,
  type PsaProvider,
} from '@psa-bridge/core';
import { progressBar, say, step, style, table } from './support/terminal.js';
import { openWorld } from './support/world.js';

const world = await openWorld().catch((error: Error) => {
  console.error(`quickstart: ${error.message}`);
  process.exit(1);
});
try {
  await quickstart();
} finally {
  await world.close();
}

async function quickstart(): Promise<void> {
  say(style.bold('psa-bridge quickstart'));
  say(
    world.mode === 'simulators'
      ? style.dim(
          'Against the built-in ConnectWise, Autotask, HaloPSA and GoTo simulators on loopback ports.',
        )
      : style.dim(
          `Against your real vendors${world.writes ? '' : ' (read-only: PSA_BRIDGE_WRITE is not "yes")'}.`,
        ),
  );

  const setups = [world.connectwise, world.autotask, world.halo].filter((setup) => setup !== undefined);
  const bridge = createBridge({
    providers: setups.map((setup) => setup.provider as PsaProvider<unknown>),
    goto: world.goto,
  });
  const [main, second] = setups;
  if (!main) throw new Error('no PSA to connect to');

  // 1. Connections (SPEC C2-C4): a wrong key first, to show what a failing test says.
  step('Connect a PSA: test & save (SPEC C2-C4)');
  const wrongKey = withWrongSecret(main.credentials as Record<string, unknown>);
  const failed = await bridge.connections.testAndSave({
    providerId: main.provider.id,
    product: 'resolve',
    credentials: wrongKey,
  });
  if (failed.saved) throw new Error('a wrong key passed the connection test');
  say(`  ${style.red('✗')} ${main.provider.displayName} with a wrong key: not saved`);
  say(
    `    ${style.yellow(failed.failure.reason)} at step "${failed.failure.step}": ${failed.failure.message}`,
  );

  const saved = await bridge.connections.testAndSave({
    providerId: main.provider.id,
    product: 'resolve',
    credentials: main.credentials,
  });
  if (!saved.saved) throw new Error(`${saved.failure.reason}: ${saved.failure.message}`);
  say(`  ${style.green('✓')} ${saved.connection.label}: test passed, saved`);
  let secondConnection: Connection | undefined;
  if (second) {
    const result = await bridge.connections.testAndSave({
      providerId: second.provider.id,
      product: 'rescue', // one GoTo product per connection (C2)
      credentials: second.credentials,
    });
    if (!result.saved) throw new Error(`${result.failure.reason}: ${result.failure.message}`);
    secondConnection = result.connection;
    say(`  ${style.green('✓')} ${result.connection.label}: test passed, saved`);
  }
  const connections = await bridge.connections.list();
  say();
  table(connections.items, [
    { header: 'connection', cell: (c) => c.label },
    { header: 'provider', cell: (c) => c.providerId },
    { header: 'GoTo product', cell: (c) => c.product },
  ]);
  say(style.dim('  (credentials are kept by the store and never part of a listed connection: SPEC C7)'));
  const connectionId = saved.connection.id;

  // 2. The mapping column (C5).
  step('GoTo accounts and their mapping column (SPEC C5)');
  const accounts = (await bridge.mappings.accounts(connectionId)).items.slice(0, 10);
  table(accounts, [
    { header: 'GoTo account', cell: (row) => row.account.name },
    {
      header: `mapping (${saved.connection.label})`,
      cell: (row) => row.mapping?.companyName ?? style.dim('unmapped'),
    },
  ]);

  // 3. The automatic search (M1).
  step('Suggest a PSA company for each account (SPEC M1)');
  const suggestions = [];
  for (const { account } of accounts) {
    suggestions.push({ account, result: await bridge.mappings.suggest(connectionId, account) });
  }
  const outcomeText = {
    found: style.green('match found'),
    none: style.yellow('no matches'),
    multiple: style.yellow('multiple matches'),
  };
  table(suggestions, [
    { header: 'GoTo account', cell: (s) => s.account.name },
    { header: 'outcome', cell: (s) => outcomeText[s.result.outcome] },
    {
      header: 'company / candidates',
      cell: (s) =>
        s.result.candidates
          .map(
            (c) =>
              `${c.company.name} #${c.company.id}${s.result.outcome === 'none' ? ` (closest, ${c.score})` : ''}`,
          )
          .join(', ') || style.dim('-'),
    },
  ]);
  // "Map this company" for every match found.
  for (const { account, result } of suggestions) {
    if (result.outcome === 'found' && result.company) {
      await bridge.mappings.save({
        connectionId,
        accountKey: account.key,
        companyId: result.company.id,
        source: 'automatic',
      });
    }
  }

  // 4. Manual search with the PSA's filters (M2), for an account with several candidates.
  step("Manual search with the PSA's status and type filters (SPEC M2)");
  const { statuses, types } = await bridge.mappings.filters(connectionId);
  say(`  statuses: ${statuses.map((s) => s.name).join(', ')}`);
  say(`  types:    ${types.map((t) => t.name).join(', ')}`);
  const ambiguous = suggestions.find((s) => s.result.outcome === 'multiple');
  if (ambiguous) {
    const word = ambiguous.account.name.split(/\s+/)[0] ?? ambiguous.account.name;
    const everything = await bridge.mappings.search(connectionId, { name: word }, { pageSize: 10 });
    say(`\n  "${word}", no filters: ${everything.items.length} companies`);
    printCompanies(everything.items);
    const active = statuses.filter((s) => !s.inactive).map((s) => s.id);
    const customerType = types.find((t) => /^(client|customer)$/i.test(t.name));
    const narrowed = await bridge.mappings.search(
      connectionId,
      { name: word, statusIds: active, ...(customerType ? { typeIds: [customerType.id] } : {}) },
      { pageSize: 10 },
    );
    say(
      `\n  "${word}", active statuses${customerType ? `, type ${customerType.name}` : ''}: ${narrowed.items.length}`,
    );
    printCompanies(narrowed.items);
    const pick = narrowed.items[0];
    if (pick) {
      await bridge.mappings.save({ connectionId, accountKey: ambiguous.account.key, companyId: pick.id });
      say(`\n  ${style.green('✓')} mapped ${ambiguous.account.name} to ${pick.name} #${pick.id} (manual)`);
    }
  }

  step('Saved mappings: the mapping column again (SPEC C5, M3)');
  const mapped = (await bridge.mappings.accounts(connectionId)).items.slice(0, 10);
  table(mapped, [
    { header: 'GoTo account', cell: (row) => row.account.name },
    {
      header: 'mapped to',
      cell: (row) =>
        row.mapping ? `${row.mapping.companyName} #${row.mapping.companyId}` : style.dim('unmapped'),
    },
    { header: 'how', cell: (row) => row.mapping?.source ?? '' },
  ]);

  // 5. Batch auto-mapping for the second PSA (M4): review first, then save.
  if (secondConnection && second) {
    step(`Auto-map every account for ${secondConnection.label}, with a review first (SPEC M4)`);
    const review = await bridge.mappings.autoMapAll(secondConnection.id, { dryRun: true });
    table(review.rows, [
      { header: 'GoTo account', cell: (row) => row.account.name },
      { header: 'outcome', cell: (row) => outcomeText[row.outcome] },
      {
        header: 'company',
        cell: (row) => (row.company ? `${row.company.name} #${row.company.id}` : style.dim('-')),
      },
    ]);
    const applied = await bridge.mappings.autoMapAll(secondConnection.id);
    say(`  reviewed ${review.companiesRead} companies; saved ${applied.totals.saved} mappings`);
  }

  // 6. Plan an import (I1-I3): a dry run, nothing written.
  const target = mapped.find((row) => row.mapping)?.account;
  if (!target) {
    say('\nNo account is mapped, so there is nothing to import. Map one and run again.');
    return;
  }
  step(`Plan an import into ${target.name}: a dry run (SPEC I1-I3)`);
  const licenses = await world.goto.listLicenses(target.key);
  const chosen = world.mode === 'simulators' ? licenses.filter((l) => l.name === 'GoTo Resolve') : [];
  say(`  licenses chosen: ${chosen.map((l) => l.name).join(', ') || 'none (allowed: SPEC I1)'}`);
  const plan = await bridge.imports.plan({
    connectionId,
    accountKey: target.key,
    licenseKeys: chosen.map((l) => l.key),
    // Against a real PSA, take only a handful of contacts (SPEC I3).
    ...(world.mode === 'real' ? { select: firstWithEmail(5) } : {}),
  });
  printPlan(plan);

  // 7. Run it (I4, I6).
  if (!world.writes) {
    say(
      `\n  ${style.yellow('Stopping before writes')}: set PSA_BRIDGE_WRITE=yes to create these users in GoTo.`,
    );
    await showEndUsers(target, false);
    return;
  }
  step('Run the import (SPEC I4, I6)');
  const bar = progressBar('creating users');
  const report = await bridge.imports.run(plan, {
    batchSize: 10,
    onProgress: (p) =>
      bar.update(
        p.done,
        p.total,
        `created ${p.totals.created}${p.etaMs ? `, ~${Math.ceil(p.etaMs / 1000)} s left` : ''}`,
      ),
  });
  bar.finish();
  say(`  ${formatTotals(report.totals)}`);
  const notCreated = report.rows.filter((row) => row.outcome !== 'created');
  table(notCreated, [
    { header: 'email', cell: (row) => row.email || style.dim('(none)') },
    { header: 'outcome', cell: (row) => row.outcome },
    {
      header: 'why',
      cell: (row) =>
        row.message ?? row.reason ?? (row.outcome === 'existing' ? 'GoTo already has this email' : ''),
    },
  ]);

  // 8. Again (I6): the same plan, and a fresh plan.
  step('Run it again: nobody is created twice (SPEC I5, I6)');
  const usersBefore = world.gotoFake?.users(target.key).length;
  const again = await bridge.imports.run(plan);
  say(`  the same plan again:  ${formatTotals(again.totals)}`);
  say(style.dim('    (the journal already holds every outcome: nothing is sent to GoTo)'));
  const fresh = await bridge.imports.plan({
    connectionId,
    accountKey: target.key,
    licenseKeys: plan.licenseKeys,
    select: plan.rows.map((row) => row.contactId), // the same contacts: the same import
  });
  const rerun = await bridge.imports.run(fresh);
  say(`  planned once more:    ${fresh.totals.create} to create, ${fresh.totals.existing} already in GoTo`);
  say(`  and run:              ${formatTotals(rerun.totals)}`);
  say(
    style.dim(
      '    (the same contacts make the same import: its report still says who it created, and in which run)',
    ),
  );
  if (usersBefore !== undefined) {
    say(
      `  users in the GoTo account before and after: ${usersBefore} and ${world.gotoFake?.users(target.key).length}`,
    );
  }
  say(style.dim('  (and the PSA was only read: psa-bridge never writes to a PSA)'));

  // 9. Helpdesk end users (E2-E6).
  const helpdesk = mapped.find((row) => row.mapping && row.account.key !== target.key)?.account ?? target;
  await showEndUsers(helpdesk, true);

  async function showEndUsers(account: GotoAccount, provision: boolean): Promise<void> {
    step(`Helpdesk end users for ${account.name} (SPEC E2-E6)`);
    let strongEmail: string | undefined;
    if (provision) {
      const strong = await bridge.endUsers.provisionFromPsa({
        connectionId,
        accountKey: account.key,
        // Against a real PSA, a handful of contacts (SPEC I3), as for the import.
        ...(world.mode === 'real' ? { select: firstWithEmail(5) } : {}),
      });
      say(
        `  strong end users from the PSA (members, no license, welcome email): ${formatTotals(strong.totals)}`,
      );
      strongEmail = strong.rows.find((row) => row.outcome === 'created')?.email;
    }
    const inbound = [
      strongEmail,
      'claire.johnson@myorg.org',
      'c.johnson@myorg.org',
      'clairejohnson@myorg.org',
      'Claire.Johnson@MyOrg.org',
    ];
    const resolved = [];
    for (const email of inbound.filter((e) => e !== undefined)) {
      resolved.push({
        email,
        resolution: await bridge.endUsers.resolveInbound({
          accountKey: account.key,
          email,
          channel: 'email',
        }),
      });
    }
    say('  inbound email to the helpdesk:');
    table(resolved, [
      { header: 'from', cell: (r) => r.email },
      {
        header: 'association',
        cell: (r) => (r.resolution.kind === 'strong' ? style.green('strong') : 'weak'),
      },
      {
        header: 'end user',
        cell: (r) =>
          r.resolution.kind === 'strong'
            ? `${r.resolution.user.firstName} ${r.resolution.user.lastName} (GoTo user)`
            : `${r.resolution.endUser.displayName}${r.resolution.created ? ' (created now, named from the email: E3)' : ' (the same weak end user)'}`,
      },
    ]);
  }

  say();
  say(`${style.bold('Done.')} Next: docs/getting-started.md, and the focused scripts in examples/.`);
}

function printCompanies(
  companies: readonly {
    id: string;
    name: string;
    status?: { name: string };
    types?: readonly { name: string }[];
  }[],
): void {
  table(companies, [
    { header: 'id', cell: (c) => c.id },
    { header: 'company', cell: (c) => c.name },
    { header: 'status', cell: (c) => c.status?.name ?? '' },
    { header: 'types', cell: (c) => (c.types ?? []).map((t) => t.name).join(', ') },
  ]);
}

function printPlan(plan: ImportPlan): void {
  const t = plan.totals;
  say(
    // The same three groups as the run's report: created, existing, skipped.
    `  ${t.create} to create, ${t.existing} already in GoTo, ${t.skip - t.existing} skipped (${t['no-email']} without email, ${t['invalid-email']} invalid, ${t['duplicate-email']} duplicate, ${t.inactive} inactive)`,
  );
  for (const shortage of plan.seatShortages) {
    say(
      `  ${style.red('!')} ${shortage.name ?? shortage.licenseKey}: needs ${shortage.needed} seats, ${shortage.available} free (SPEC I1)`,
    );
  }
  const creates = plan.rows.filter((row) => row.action === 'create');
  const shown: PlanRow[] = [
    ...plan.rows.filter((row) => row.action === 'skip' || row.nameDerived),
    ...creates.filter((row) => !row.nameDerived).slice(0, 5),
  ];
  table(shown, [
    { header: 'contact', cell: (row) => row.contactId },
    { header: 'email', cell: (row) => row.email ?? style.dim('(none)') },
    {
      header: 'name',
      cell: (row) => `${row.firstName} ${row.lastName}${row.nameDerived ? style.yellow(' *') : ''}`,
    },
    {
      header: 'action',
      cell: (row) => (row.action === 'create' ? style.green('create') : style.dim('skip')),
    },
    { header: 'reason', cell: (row) => row.reason },
  ]);
  const hidden = plan.rows.length - shown.length;
  if (hidden > 0) say(style.dim(`  … and ${hidden} more new users`));
  if (plan.rows.some((row) => row.nameDerived))
    say(style.dim('  * name derived from the email address (SPEC E3): review before running'));
}

function formatTotals(totals: ImportReport['totals']): string {
  const { newlyCreated, ...byOutcome } = totals;
  const counts = Object.entries(byOutcome).map(([key, value]) => `${key} ${value}`);
  return `${counts.join(', ')} (new in this run: ${newlyCreated})`;
}

/** A selection (SPEC I3): the first `count` contacts that have an email. */
function firstWithEmail(count: number): (contact: Contact) => boolean {
  let taken = 0;
  return (contact) => contact.email !== undefined && taken++ < count;
}

/** The same credentials with the secret replaced, to show a failing test. */
function withWrongSecret(credentials: Record<string, unknown>): Record<string, unknown> {
  const field = ['privateKey', 'secret', 'clientSecret'].find((name) => name in credentials) ?? 'secret';
  return { ...credentials, [field]: 'not-the-right-key' };
}
