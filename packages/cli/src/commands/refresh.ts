import type { RefreshOptions, RefreshPart, RefreshReport } from '@psa-bridge/core';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { Output } from '../output/output.js';
import { createProgress } from '../output/progress.js';
import type { Session } from '../session.js';

/** What `psa-bridge refresh` reads, from its options. */
export interface RefreshArguments {
  readonly mode?: RefreshOptions['mode'];
  readonly parts: readonly RefreshPart[];
  readonly allowMassRemoval: boolean;
}

const PART_LABEL: Readonly<Record<RefreshPart, string>> = {
  accounts: 'GoTo accounts',
  companies: 'PSA companies',
  contacts: 'contacts of mapped companies',
};

/**
 * `psa-bridge refresh [--mode …] [--part …] [--allow-mass-removal]`: reads the connection's lists
 * into the read model (SPEC R1) with a progress bar per part, then a line per part of what
 * changed. Screens, searches and auto-maps then answer from the copy.
 */
export async function refresh(session: Session, output: Output, args: RefreshArguments): Promise<ExitCode> {
  let current: RefreshPart | undefined;
  let progress = createProgress(output, 'refresh');
  let report: RefreshReport;
  try {
    report = await session.bridge.refresh(session.connection.id, {
      ...(args.mode ? { mode: args.mode } : {}),
      ...(args.parts.length > 0 ? { parts: args.parts } : {}),
      allowMassRemoval: args.allowMassRemoval,
      onProgress: ({ part, read, expected }) => {
        if (part !== current) {
          progress.stop();
          progress = createProgress(output, PART_LABEL[part]);
          current = part;
        }
        progress.update(read, Math.max(read, expected ?? read));
      },
    });
  } finally {
    progress.stop();
  }
  output.line(`Read model of ${session.connection.label} refreshed:`);
  const rows = (['accounts', 'companies'] as const).flatMap((part) => {
    const done = report[part];
    return done ? [{ part, ...done }] : [];
  });
  output.table(rows, [
    { header: 'list', cell: (row) => PART_LABEL[row.part] },
    { header: 'mode', cell: (row) => row.mode },
    { header: 'read', cell: (row) => String(row.read) },
    { header: 'new', cell: (row) => ('added' in row ? String(row.added) : '') },
    { header: 'changed', cell: (row) => ('changed' in row ? String(row.changed) : '') },
    { header: 'removed', cell: (row) => String(row.removed) },
  ]);
  if (report.contacts)
    output.line(`Contacts: ${report.contacts.read} of ${report.contacts.companies} mapped companies.`);
  output.result(report);
  return EXIT.ok;
}
