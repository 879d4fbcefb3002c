import { writeFile } from 'node:fs/promises';
import type { ImportPlan, ImportReport, MatchResult } from '@psa-bridge/core';
import { isPsaBridgeError } from '@psa-bridge/core';
import { CliError } from '../cli-error.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output/output.js';
import { createProgress, formatDuration } from '../output/progress.js';
import type { Session } from '../session.js';
import { findAccount } from './find-account.js';

/** What `psa-bridge accounts` shows. */
export interface AccountsArguments {
  readonly filter?: 'all' | 'unmapped' | 'mapped' | 'needs-attention';
  readonly search?: string;
}

/** "3 minutes ago", for when the read model was refreshed. */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours ago` : `${Math.round(hours / 24)} days ago`;
}

/**
 * `psa-bridge accounts [--filter …] [--search …]`: the GoTo accounts and the company each is
 * mapped to, from the read model once `refresh` ran (with counts and how fresh it is).
 */
export async function accounts(
  session: Session,
  output: Output,
  args: AccountsArguments = {},
): Promise<ExitCode> {
  const page = await session.bridge.mappings.accounts(session.connection.id, {
    ...(args.filter ? { filter: args.filter } : {}),
    ...(args.search ? { q: args.search } : {}),
  });
  const rows = page.items;
  output.line(`GoTo accounts, mapped for ${session.connection.label}:`);
  output.table(rows, [
    { header: 'account key', cell: (row) => row.account.key },
    { header: 'GoTo account', cell: (row) => row.account.name },
    {
      header: 'PSA company',
      cell: (row) => (row.mapping ? `${row.mapping.companyName} (${row.mapping.companyId})` : 'unmapped'),
    },
    { header: 'attention', cell: (row) => row.problem ?? '' },
  ]);
  const { counts } = page;
  output.line(
    `${counts.all} accounts: ${counts.mapped} mapped, ${counts.unmapped} unmapped${counts.needsAttention === null ? '' : `, ${counts.needsAttention} need attention`}.`,
  );
  output.line(
    page.refreshedAt
      ? `Refreshed ${ago(page.refreshedAt)} (psa-bridge refresh to read again).`
      : 'Read live from GoTo: run psa-bridge refresh to keep a copy.',
  );
  output.result({
    connection: session.connection,
    accounts: rows,
    counts,
    refreshedAt: page.refreshedAt,
  });
  return EXIT.ok;
}

const OUTCOME = { found: 'match found', none: 'no matches', multiple: 'multiple matches' } as const;

/** The company or candidates of a match, for a table cell. */
function matchText(match: MatchResult): string {
  if (match.outcome === 'found') return `${match.company.name} (${match.company.id}, ${match.confidence})`;
  return match.candidates
    .map((candidate) => `${candidate.company.name} (${candidate.company.id})`)
    .join('; ');
}

/** `psa-bridge automap [--dry-run]`: maps every unmapped account whose match is safe; lists the rest for review. */
export async function automap(
  session: Session,
  output: Output,
  { dryRun }: { readonly dryRun: boolean },
): Promise<ExitCode> {
  const progress = createProgress(output, 'automap');
  let report: Awaited<ReturnType<Session['bridge']['mappings']['autoMapAll']>>;
  try {
    report = await session.bridge.mappings.autoMapAll(session.connection.id, {
      dryRun,
      onProgress: (state) => {
        if (state.phase === 'matching' && state.total !== undefined) progress.update(state.done, state.total);
      },
    });
  } finally {
    progress.stop();
  }
  output.line(`${dryRun ? 'Dry run: nothing saved. ' : ''}Auto-map for ${session.connection.label}:`);
  output.table(report.rows, [
    { header: 'GoTo account', cell: (row) => row.account.name },
    { header: 'outcome', cell: (row) => (row.existing ? 'already mapped' : OUTCOME[row.outcome]) },
    {
      header: 'company or candidates',
      cell: (row) => (row.existing ? row.existing.companyName : matchText(row)),
    },
    {
      header: 'action',
      cell: (row) =>
        row.saved ? 'saved' : row.review ? 'review' : dryRun && row.safe && !row.existing ? 'would save' : '',
    },
  ]);
  const totals = report.totals;
  output.line(
    `found ${totals.found}, multiple ${totals.multiple}, none ${totals.none}, already mapped ${totals.alreadyMapped}; saved ${totals.saved}, to review ${totals.review}`,
  );
  if (totals.review > 0)
    output.line(
      'Map the ones to review with: psa-bridge search <name>, then psa-bridge map <account> <company id>',
    );
  output.result({ dryRun, ...report });
  return EXIT.ok;
}

/** Options of {@link search}. */
export interface SearchArguments {
  readonly name?: string | undefined;
  readonly statusIds: readonly string[];
  readonly typeIds: readonly string[];
  readonly pageSize?: number | undefined;
  readonly cursor?: string | undefined;
  readonly showFilters: boolean;
}

/** `psa-bridge search [name]`: the PSA's companies by name, status and type (one page; `--cursor` for the next). */
export async function search(session: Session, output: Output, args: SearchArguments): Promise<ExitCode> {
  const filters = args.showFilters ? await session.bridge.mappings.filters(session.connection.id) : undefined;
  if (filters) {
    output.line(
      `statuses: ${filters.statuses.map((status) => `${status.id}=${status.name}${status.inactive ? ' (inactive)' : ''}`).join(', ')}`,
    );
    output.line(`types: ${filters.types.map((type) => `${type.id}=${type.name}`).join(', ')}`);
  }
  const page = await session.bridge.mappings.search(
    session.connection.id,
    {
      ...(args.name ? { name: args.name } : {}),
      ...(args.statusIds.length ? { statusIds: args.statusIds } : {}),
      ...(args.typeIds.length ? { typeIds: args.typeIds } : {}),
    },
    {
      ...(args.pageSize ? { pageSize: args.pageSize } : {}),
      ...(args.cursor ? { cursor: args.cursor } : {}),
    },
  );
  output.table(page.items, [
    { header: 'company id', cell: (company) => company.id },
    { header: 'name', cell: (company) => company.name },
    { header: 'status', cell: (company) => company.status?.name ?? '' },
    { header: 'types', cell: (company) => (company.types ?? []).map((type) => type.name).join(', ') },
  ]);
  if (page.items.length === 0) output.line('No companies match.');
  if (page.cursor) output.line(`More: psa-bridge search … --cursor ${page.cursor}`);
  output.result({
    ...(filters ? { filters } : {}),
    items: page.items,
    cursor: page.cursor,
    hasMore: page.hasMore,
  });
  return EXIT.ok;
}

/**
 * `psa-bridge map <account> <company id> [--allow-inactive]`: saves a mapping by hand (after
 * `search`); the PSA's inactive companies only with `--allow-inactive`.
 */
export async function map(
  session: Session,
  output: Output,
  account: string,
  companyId: string,
  options: { readonly allowInactive?: boolean } = {},
): Promise<ExitCode> {
  const row = await findAccount(session, account);
  const mapping = await session.bridge.mappings.save({
    connectionId: session.connection.id,
    accountKey: row.account.key,
    companyId,
    ...(options.allowInactive ? { allowInactive: true } : {}),
  });
  output.line(`Mapped ${row.account.name} to ${mapping.companyName} (${mapping.companyId}).`);
  output.result(mapping);
  return EXIT.ok;
}

/** What `plan` and `import` plan. */
export interface PlanArguments {
  readonly account: string;
  readonly licenseKeys: readonly string[];
  readonly contactIds: readonly string[];
  readonly includeInactive: boolean;
  readonly welcomeEmail: boolean;
}

async function makePlan(session: Session, args: PlanArguments): Promise<ImportPlan> {
  const row = await findAccount(session, args.account);
  if (!row.mapping) {
    throw new CliError(
      'USAGE',
      `${row.account.name} is not mapped for ${session.connection.label}: run psa-bridge automap, or psa-bridge map${
        session.demo
          ? '. (--demo starts a fresh demo world for every command and keeps nothing: run psa-bridge demo-world in another terminal and give its --vars-file and a --store folder to every command, and the steps carry over.)'
          : ''
      }`,
    );
  }
  return session.bridge.imports.plan({
    connectionId: session.connection.id,
    accountKey: row.account.key,
    licenseKeys: args.licenseKeys,
    ...(args.contactIds.length ? { select: args.contactIds } : {}),
    includeInactive: args.includeInactive,
    sendWelcomeEmail: args.welcomeEmail,
  });
}

/** `psa-bridge plan <account>`: the dry run: who would be created, who is skipped and why. Writes nothing. */
export async function plan(
  session: Session,
  output: Output,
  args: PlanArguments & { readonly out?: string | undefined },
): Promise<ExitCode> {
  const planned = await makePlan(session, args);
  output.table(planned.rows, [
    { header: 'contact', cell: (row) => `${row.firstName} ${row.lastName}`.trim() },
    { header: 'email', cell: (row) => row.email ?? '' },
    { header: 'action', cell: (row) => (row.action === 'create' ? 'create' : `skip: ${row.reason}`) },
  ]);
  output.line(`${planned.totals.create} to create, ${planned.totals.skip} skipped (plan ${planned.id})`);
  if (args.out) {
    await writeFile(args.out, `${JSON.stringify(planned, null, 2)}\n`, { mode: 0o600 });
    output.line(`Plan written to ${args.out}.`);
  }
  output.result(planned);
  return EXIT.ok;
}

/**
 * `psa-bridge import <account>`: plans again (the same plan id as the interrupted run, so it goes
 * on where that one stopped) and creates the users, batch by batch. Ctrl-C stops after the batch
 * in flight (exit 130); the same command again resumes, and nobody is created twice.
 */
export async function runImport(
  session: Session,
  output: Output,
  args: PlanArguments & { readonly batchSize?: number | undefined; readonly allowSeatShortage: boolean },
): Promise<ExitCode> {
  const planned = await makePlan(session, args);
  const stop = new AbortController();
  let stopping = false;
  let last = { done: 0, total: planned.rows.length };
  const onSigint = () => {
    if (stopping) process.exit(EXIT.interrupted);
    stopping = true;
    progress.note('Stopping after the batch in flight (Ctrl-C again quits at once)…');
  };
  const progress = createProgress(output, 'import');
  process.on('SIGINT', onSigint);
  const started = Date.now();
  let report: ImportReport;
  try {
    report = await session.bridge.imports.run(planned, {
      signal: stop.signal,
      ...(args.batchSize ? { batchSize: args.batchSize } : {}),
      allowSeatShortage: args.allowSeatShortage,
      onProgress: (state) => {
        last = state;
        progress.update(state.done, state.total, state.etaMs);
        if (stopping && state.done < state.total) stop.abort();
      },
    });
  } catch (error) {
    progress.stop();
    if (stopping && isPsaBridgeError(error) && error.code === 'ABORTED') {
      output.note(`Stopped: ${last.done} of ${last.total} done. Run the same command again to go on.`);
      output.result({ stopped: true, planId: planned.id, done: last.done, total: last.total });
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
  progress.stop();
  const totals = report.totals;
  output.table(report.rows, [
    { header: 'email', cell: (row) => row.email ?? '' },
    { header: 'outcome', cell: (row) => row.outcome },
    { header: 'note', cell: (row) => row.reason ?? '' },
  ]);
  // This run's creations, and the import's in all: a resumed run created only what was left.
  const createdNow = report.rows.filter(
    (row) => row.outcome === 'created' && row.createdInRun === report.run,
  ).length;
  output.line(
    `created ${createdNow} in this run (${totals.created} by this import in all), existing ${totals.existing}, skipped ${totals.skipped}, failed ${totals.failed} in ${formatDuration(Date.now() - started)} (run ${report.run} of plan ${report.runId})`,
  );
  output.result(report);
  return totals.failed > 0 ? EXIT.partial : EXIT.ok;
}

/** `psa-bridge verify`: checks every saved mapping against the PSA and GoTo; exit 10 when some need attention. */
export async function verify(session: Session, output: Output): Promise<ExitCode> {
  const report = await session.bridge.mappings.verify(session.connection.id);
  output.line(
    `${report.checked} mappings checked, ${report.healthy} healthy, ${report.issues.length} need attention.`,
  );
  output.table(report.issues, [
    { header: 'account', cell: (issue) => issue.account?.name ?? issue.mapping.accountKey },
    { header: 'company', cell: (issue) => `${issue.mapping.companyName} (${issue.mapping.companyId})` },
    { header: 'problem', cell: (issue) => issue.problem },
  ]);
  output.result(report);
  return report.issues.length > 0 ? EXIT.partial : EXIT.ok;
}
