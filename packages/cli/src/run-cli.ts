import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { demoWorld } from './commands/demo-world.js';
import { doctor } from './commands/doctor.js';
import { accounts, automap, map, plan, runImport, search, verify } from './commands/flow.js';
import { refresh } from './commands/refresh.js';
import { toErrorJson } from './error-json.js';
import { EXIT, type ExitCode, exitCodeForError } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { createOutput, type Output } from './output/output.js';
import { openSession, type Session } from './session.js';

/** Where {@link runCli} reads and writes: the process's streams by default. */
export interface CliIo {
  /** Standard output: results. */
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean | undefined };
  /** Standard error: progress, warnings, errors. */
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean | undefined };
}

const positiveInteger = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('a whole number of 1 or more');
  return number;
};
const collect = (value: string, previous: readonly string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
];

const HELP_AFTER = `
Credentials come from environment variables (or --vars-file), the same names as the examples:
  GoTo         GOTO_CLIENT_ID, GOTO_CLIENT_SECRET, GOTO_REFRESH_TOKEN
  ConnectWise  CW_SITE, CW_COMPANY_ID, CW_PUBLIC_KEY, CW_PRIVATE_KEY, CW_CLIENT_ID
  Autotask     AUTOTASK_USERNAME, AUTOTASK_SECRET, AUTOTASK_INTEGRATION_CODE
  HaloPSA      HALO_URL, HALO_CLIENT_ID, HALO_CLIENT_SECRET (and HALO_TENANT, HALO_SCOPE, HALO_AUTH_URL when needed)
  optional     GOTO_API_BASE_URL, GOTO_AUTH_BASE_URL, AUTOTASK_DISCOVERY_URL (other hosts),
               PSA_BRIDGE_STORE (like --store), PSA_BRIDGE_KEY (seals credentials in a folder or database store)
They are never printed. --demo uses the built-in demo world instead (no credentials, no network).

Exit codes: 0 done, 1 unexpected, 2 usage, 3 configuration, 4 authentication, 5 permission,
6 unreachable, 7 rate limited, 8 vendor failure, 9 not found, 10 some records failed or need attention,
130 stopped by Ctrl-C (run again to go on).`;

/**
 * Runs the `psa-bridge` command line with `argv` (without `node` and the script) and resolves its
 * exit code. Errors are printed (secret-free, with what to do) rather than thrown.
 */
export async function runCli(argv: readonly string[], io: CliIo = process): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  let output: Output | undefined;
  const program = new Command('psa-bridge')
    .description(
      'psa-bridge on the command line: check connections, map GoTo accounts to PSA companies, import contacts as GoTo users.',
    )
    .option('--demo', 'use the built-in demo world (simulators on loopback ports)')
    .option('--vars-file <path>', 'read variables from this file (KEY=value lines) on top of the environment')
    .option('--store <where>', 'memory (default), a folder for JSON files, or a postgres:// URL')
    .option('--tenant <id>', 'the tenant in a PostgreSQL store', 'default')
    .addOption(
      new Option('--psa <id>', 'the PSA: connectwise, datto or halo (default: the one with credentials)'),
    )
    .option('--product <name>', 'the GoTo product of the connection', 'resolve')
    .option('--json', 'print one JSON document on stdout (progress and warnings go to stderr)')
    .addHelpText('after', HELP_AFTER)
    .showHelpAfterError('(psa-bridge --help lists commands and options)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const globals = (command: Command): GlobalOptions => command.optsWithGlobals<GlobalOptions>();
  const outputFor = (command: Command): Output => {
    output = createOutput({ stdout: io.stdout, stderr: io.stderr, json: globals(command).json === true });
    return output;
  };
  const withSession =
    <Args extends unknown[]>(work: (session: Session, output: Output, ...args: Args) => Promise<ExitCode>) =>
    async (...args: [...Args, Command]) => {
      const command = args.at(-1) as Command;
      const out = outputFor(command);
      const session = await openSession(globals(command), out);
      try {
        exitCode = await work(session, out, ...(args.slice(0, -1) as Args));
      } finally {
        await session.close();
      }
    };

  program
    .command('doctor')
    .description('check each PSA with credentials (or --psa) and GoTo step by step, and say what to fix')
    .action(async (_options, command: Command) => {
      exitCode = await doctor(globals(command), outputFor(command));
    });
  program
    .command('accounts')
    .description('list the GoTo accounts and the PSA company each is mapped to')
    .addOption(
      new Option('--filter <filter>', 'only these rows').choices([
        'all',
        'unmapped',
        'mapped',
        'needs-attention',
      ]),
    )
    .option('--search <text>', 'only accounts whose name contains this text')
    .action(
      withSession(
        (
          session,
          out,
          options: { filter?: 'all' | 'unmapped' | 'mapped' | 'needs-attention'; search?: string },
        ) =>
          accounts(session, out, {
            ...(options.filter ? { filter: options.filter } : {}),
            ...(options.search ? { search: options.search } : {}),
          }),
      ),
    );
  program
    .command('refresh')
    .description("read GoTo's accounts, the PSA's companies and mapped contacts into the read model")
    .addOption(
      new Option('--mode <mode>', 'full, incremental, auto or reconcile (ids only)').choices([
        'full',
        'incremental',
        'auto',
        'reconcile',
      ]),
    )
    .addOption(
      new Option('--part <part...>', 'only these lists').choices(['accounts', 'companies', 'contacts']),
    )
    .option('--allow-mass-removal', 'publish even when more than 200 companies vanished')
    .action(
      withSession(
        (
          session,
          out,
          options: {
            mode?: 'full' | 'incremental' | 'auto' | 'reconcile';
            part?: string[];
            allowMassRemoval?: boolean;
          },
        ) =>
          refresh(session, out, {
            ...(options.mode ? { mode: options.mode } : {}),
            parts: (options.part ?? []) as ('accounts' | 'companies' | 'contacts')[],
            allowMassRemoval: options.allowMassRemoval === true,
          }),
      ),
    );
  program
    .command('automap')
    .description('map every unmapped account whose match is safe; list the rest for review')
    .option('--dry-run', 'show what would be saved, save nothing')
    .action(
      withSession((session, out, options: { dryRun?: boolean }) =>
        automap(session, out, { dryRun: options.dryRun === true }),
      ),
    );
  program
    .command('search')
    .description("search the PSA's companies by name, status and type")
    .argument('[name]', 'text the company name contains')
    .option('--status <ids>', 'only these status ids (repeat, or comma-separated)', collect, [])
    .option('--type <ids>', 'only these type ids (repeat, or comma-separated)', collect, [])
    .option('--filters', 'also list the status and type ids')
    .option('--page-size <n>', 'companies per page', positiveInteger)
    .option('--cursor <cursor>', 'the next page, from the previous search')
    .action(
      withSession(
        (
          session,
          out,
          name: string | undefined,
          options: {
            status: string[];
            type: string[];
            filters?: boolean;
            pageSize?: number;
            cursor?: string;
          },
        ) =>
          search(session, out, {
            name,
            statusIds: options.status,
            typeIds: options.type,
            pageSize: options.pageSize,
            cursor: options.cursor,
            showFilters: options.filters === true,
          }),
      ),
    );
  program
    .command('map')
    .description('map a GoTo account (key or name) to a PSA company id')
    .argument('<account>', 'the GoTo account key or name')
    .argument('<company-id>', 'the PSA company id (from search)')
    .option('--allow-inactive', 'map even when the PSA has made the company inactive')
    .action(
      withSession((session, out, account: string, companyId: string, options: { allowInactive?: boolean }) =>
        map(session, out, account, companyId, { allowInactive: options.allowInactive === true }),
      ),
    );

  const planOptions = (command: Command) =>
    command
      .argument('<account>', 'the GoTo account key or name (mapped)')
      .option(
        '--license <keys>',
        'license keys every new user gets (repeat, or comma-separated)',
        collect,
        [],
      )
      .option('--contact <ids>', 'only these contact ids (repeat, or comma-separated)', collect, [])
      .option('--include-inactive', 'plan inactive contacts too')
      .option('--no-welcome-email', "do not send GoTo's welcome email");
  type PlanFlags = { license: string[]; contact: string[]; includeInactive?: boolean; welcomeEmail: boolean };
  const planArguments = (account: string, options: PlanFlags) => ({
    account,
    licenseKeys: options.license,
    contactIds: options.contact,
    includeInactive: options.includeInactive === true,
    welcomeEmail: options.welcomeEmail,
  });
  planOptions(program.command('plan'))
    .description('the dry run of an import: who would be created, who is skipped and why')
    .option('--out <file>', 'also write the plan as JSON')
    .action(
      withSession((session, out, account: string, options: PlanFlags & { out?: string }) =>
        plan(session, out, { ...planArguments(account, options), out: options.out }),
      ),
    );
  planOptions(program.command('import'))
    .description(
      'create the contacts of the mapped company as GoTo users; Ctrl-C stops after the batch in flight, running again resumes',
    )
    .option('--batch-size <n>', 'users per create call (default 50)', positiveInteger)
    .option('--allow-seat-shortage', 'run although licenses lack free seats')
    .action(
      withSession(
        (
          session,
          out,
          account: string,
          options: PlanFlags & { batchSize?: number; allowSeatShortage?: boolean },
        ) =>
          runImport(session, out, {
            ...planArguments(account, options),
            batchSize: options.batchSize,
            allowSeatShortage: options.allowSeatShortage === true,
          }),
      ),
    );
  program
    .command('verify')
    .description('check every saved mapping against the PSA and GoTo')
    .action(withSession((session, out) => verify(session, out)));
  program
    .command('demo-world')
    .description('serve the demo world until Ctrl-C and write its variables for --vars-file')
    .option('--write-vars <path>', 'where to write the variables', '.psa-bridge-demo.vars')
    .option('--latency <ms>', 'latency each simulator adds per answer, in ms', (value) => Number(value), 5)
    .action(async (options: { writeVars: string; latency: number }, command: Command) => {
      exitCode = await demoWorld(outputFor(command), {
        varsFile: options.writeVars,
        latencyMs: options.latency,
      });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const code = exitCodeForError(error);
    const out =
      output ?? createOutput({ stdout: io.stdout, stderr: io.stderr, json: argv.includes('--json') });
    out.result({ error: toErrorJson(error), exitCode: code });
    if (!out.json) {
      const printed = toErrorJson(error);
      io.stderr.write(`psa-bridge: ${printed.message}\n`);
      if (printed.hint) io.stderr.write(`What to do: ${printed.hint} See ${printed.docs}\n`);
    }
    return code;
  }
}
