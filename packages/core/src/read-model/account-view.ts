import type { Company } from '../contracts/company.js';
import type { GotoAccount } from '../contracts/goto-types.js';
import type { Mapping } from '../contracts/stores.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { type MappingProblem, mappingProblem } from '../matching/mapping-problem.js';
import { nameContains } from '../pagination/name-contains.js';
import { createPage, decodeCursor, encodeCursor, type Page, type PageOptions } from '../pagination/page.js';

/** Which rows of the mapping column to show (SPEC R2). */
export type AccountFilter = 'all' | 'unmapped' | 'mapped' | 'needs-attention';

/** Options of `bridge.mappings.accounts`: a page of the mapping column, searched and filtered. */
export interface AccountPageOptions extends PageOptions {
  /** Rows to show. `needs-attention`: mapped, and the company is deleted, inactive or renamed (M6). @default 'all' */
  readonly filter?: AccountFilter;
  /** Only accounts whose name contains this (any letter case). */
  readonly q?: string;
  /** Order by account name, A to Z (`name`) or Z to A (`-name`). @default GoTo's own order */
  readonly sort?: 'name' | '-name';
}

/** One row of the mapping column (SPEC C5). */
export interface AccountRow {
  /** The GoTo account. */
  readonly account: GotoAccount;
  /** Its mapping for the connection, or `null` when unmapped. */
  readonly mapping: Mapping | null;
  /** What is wrong with the mapping, judged from the read model's companies (M6); absent when fine or unknown. */
  readonly problem?: MappingProblem;
}

/** Rows per filter, for the filter's badges. `needsAttention` is `null` before companies were refreshed. */
export interface AccountCounts {
  readonly all: number;
  readonly unmapped: number;
  readonly mapped: number;
  readonly needsAttention: number | null;
}

/** A page of the mapping column with its counts and how fresh it is. */
export type AccountPage = Page<AccountRow> & {
  /** Rows per filter (with `q` applied). */
  readonly counts: AccountCounts;
  /** When the accounts were last read from GoTo (ISO 8601); `null` when read live for this page. */
  readonly refreshedAt: string | null;
};

const LIST = 'mappings.accounts';
const MAX_PAGE_SIZE = 500;
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** What a view is built from. */
export interface AccountViewInput {
  readonly accounts: readonly GotoAccount[];
  readonly mappings: readonly Mapping[];
  /** The connection's companies by id and its inactive statuses, when refreshed. */
  readonly companies?: {
    readonly byId: ReadonlyMap<string, Company>;
    readonly inactive: ReadonlySet<string>;
  };
  readonly refreshedAt: string | null;
}

/** Checks the page options of the mapping column; `VALIDATION` naming the field. */
function checked(options: AccountPageOptions): { size: number; offset: number } {
  // Without a page size, every row on one page, as before pages existed.
  const size = options.pageSize ?? Number.MAX_SAFE_INTEGER;
  if (options.pageSize !== undefined && (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)) {
    throw new PsaBridgeError('VALIDATION', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`, {
      details: { field: 'pageSize' },
    });
  }
  const filter = options.filter ?? 'all';
  if (!['all', 'unmapped', 'mapped', 'needs-attention'].includes(filter)) {
    throw new PsaBridgeError('VALIDATION', 'filter must be all, unmapped, mapped or needs-attention', {
      details: { field: 'filter' },
    });
  }
  if (options.sort !== undefined && options.sort !== 'name' && options.sort !== '-name') {
    throw new PsaBridgeError('VALIDATION', 'sort must be name or -name', { details: { field: 'sort' } });
  }
  if (options.q !== undefined && (typeof options.q !== 'string' || options.q.length > 200)) {
    throw new PsaBridgeError('VALIDATION', 'q must be text of at most 200 characters', {
      details: { field: 'q' },
    });
  }
  const offset = options.cursor ? decodeCursor(LIST, options.cursor) : 0;
  if (typeof offset !== 'number') {
    throw new PsaBridgeError('VALIDATION', `cursor is not a cursor of ${LIST}`, {
      details: { field: 'cursor' },
    });
  }
  return { size, offset };
}

/** Every row of the mapping column, in GoTo's order, from accounts and mappings at hand. */
export function accountRows(input: AccountViewInput): AccountRow[] {
  const byAccount = new Map(input.mappings.map((mapping) => [mapping.accountKey, mapping]));
  return input.accounts.map((account) => {
    const mapping = byAccount.get(account.key) ?? null;
    const problem =
      mapping && input.companies
        ? mappingProblem(mapping, input.companies.byId.get(mapping.companyId), input.companies.inactive)
        : undefined;
    return { account, mapping, ...(problem ? { problem } : {}) };
  });
}

/** The rows a search, filter and sort show, with the counts per filter (with `q` applied). */
export interface AccountSelection {
  readonly shown: readonly AccountRow[];
  readonly counts: AccountCounts;
}

/** Searches, filters and sorts `rows` (SPEC R2). */
export function selectRows(
  rows: readonly AccountRow[],
  options: Pick<AccountPageOptions, 'q' | 'filter' | 'sort'>,
  companiesKnown: boolean,
): AccountSelection {
  const q = options.q?.trim() ?? '';
  const matching = q ? rows.filter((row) => nameContains(row.account.name, q)) : rows;
  let mapped = 0;
  let attention = 0;
  for (const row of matching) {
    if (row.mapping) mapped += 1;
    if (row.problem) attention += 1;
  }
  const counts: AccountCounts = {
    all: matching.length,
    mapped,
    unmapped: matching.length - mapped,
    needsAttention: companiesKnown ? attention : null,
  };
  const filter = options.filter ?? 'all';
  const shown = matching.filter((row) =>
    filter === 'all'
      ? true
      : filter === 'mapped'
        ? row.mapping !== null
        : filter === 'unmapped'
          ? row.mapping === null
          : row.problem !== undefined,
  );
  if (options.sort) {
    const direction = options.sort === '-name' ? -1 : 1;
    shown.sort(
      (a, b) =>
        direction *
        (collator.compare(a.account.name, b.account.name) || (a.account.key < b.account.key ? -1 : 1)),
    );
  }
  return { shown, counts };
}

/** Checks the options of a page of the mapping column (`VALIDATION` naming the field). */
export function checkAccountPageOptions(options: AccountPageOptions): void {
  checked(options);
}

/** A page of a selection: no vendor request, no store read. */
export function pageOfSelection(
  selection: AccountSelection,
  refreshedAt: string | null,
  options: AccountPageOptions,
  reload: (options: AccountPageOptions) => Promise<AccountPage>,
): AccountPage {
  const { size, offset } = checked(options);
  const items = selection.shown.slice(offset, offset + size);
  const cursor = offset + size < selection.shown.length ? encodeCursor(LIST, offset + size) : null;
  const { cursor: _cursor, ...rest } = options;
  return createPage(items, cursor, (next, call) => reload({ ...rest, ...call, cursor: next }), {
    counts: selection.counts,
    refreshedAt,
  });
}

/** A page of the mapping column from accounts and mappings already at hand: no vendor request. */
export function accountPage(
  input: AccountViewInput,
  options: AccountPageOptions,
  reload: (options: AccountPageOptions) => Promise<AccountPage>,
): AccountPage {
  checked(options);
  const selection = selectRows(accountRows(input), options, input.companies !== undefined);
  return pageOfSelection(selection, input.refreshedAt, options, reload);
}
