import { type AccountRow, api, type Connection, type Mapping, type PageAnswer } from './api';

/** A GoTo account with its mapping in every connection (`null` where unmapped). */
export interface AccountMappings {
  readonly account: AccountRow['account'];
  readonly mappings: Readonly<Record<string, Mapping | null>>;
  /** What is wrong with the mapping of the connection the page is filtered by (M6). */
  readonly problem?: AccountRow['problem'];
}

/** What a page of the Accounts screen asks for (SPEC R2). */
export interface AccountQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly filter: 'all' | 'unmapped' | 'mapped' | 'needs-attention';
  readonly q: string;
  readonly sort: '' | 'name' | '-name';
}

/** A page of the mapping table: rows, the counts per filter, and how fresh the copy is. */
export interface AccountMappingPage {
  readonly rows: readonly AccountMappings[];
  readonly counts: AccountPageAnswer['counts'];
  readonly refreshedAt: string | null;
  readonly cursor: string | null;
}

type AccountPageAnswer = PageAnswer<AccountRow> & {
  readonly counts: { all: number; mapped: number; unmapped: number; needsAttention: number | null };
  readonly refreshedAt: string | null;
};

const accountsPath = (connectionId: string, query: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) search.set(name, value);
  return `/connections/${encodeURIComponent(connectionId)}/accounts?${search}`;
};

/** Every saved mapping of a connection, by account key. */
async function mappingsByAccount(connection: Connection): Promise<Map<string, Mapping>> {
  const out = new Map<string, Mapping>();
  let cursor: string | undefined;
  do {
    const page = await api<PageAnswer<Mapping>>(
      'GET',
      `/connections/${encodeURIComponent(connection.id)}/mappings?pageSize=10000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const mapping of page.items) out.set(mapping.accountKey, mapping);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * One page of the mapping table: paged, searched, filtered and sorted on the server by the
 * `by` connection's column (from the read model once refreshed), the other connections'
 * mappings merged in by account key.
 */
export async function loadAccountPage(
  connections: readonly Connection[],
  by: Connection,
  query: AccountQuery,
): Promise<AccountMappingPage> {
  const [page, others] = await Promise.all([
    api<AccountPageAnswer>(
      'GET',
      accountsPath(by.id, {
        limit: String(query.limit),
        cursor: query.cursor,
        filter: query.filter === 'all' ? undefined : query.filter,
        q: query.q.trim() || undefined,
        sort: query.sort || undefined,
      }),
    ),
    Promise.all(
      connections
        .filter((connection) => connection.id !== by.id)
        .map(async (connection) => [connection.id, await mappingsByAccount(connection)] as const),
    ),
  ]);
  return {
    rows: page.items.map((item) => ({
      account: item.account,
      mappings: Object.fromEntries([
        [by.id, item.mapping],
        ...others.map(([id, mappings]) => [id, mappings.get(item.account.key) ?? null]),
      ]),
      ...(item.problem ? { problem: item.problem } : {}),
    })),
    counts: page.counts,
    refreshedAt: page.refreshedAt,
    cursor: page.cursor ?? null,
  };
}

/** Every account with its mapping in every connection, in GoTo's order (for pickers). */
export async function loadAccountMappings(connections: readonly Connection[]): Promise<AccountMappings[]> {
  const rows = new Map<
    string,
    { account: AccountRow['account']; mappings: Record<string, Mapping | null> }
  >();
  for (const connection of connections) {
    let cursor: string | undefined;
    do {
      const page = await api<AccountPageAnswer>('GET', accountsPath(connection.id, { limit: '500', cursor }));
      for (const item of page.items) {
        const row = rows.get(item.account.key) ?? { account: item.account, mappings: {} };
        row.mappings[connection.id] = item.mapping;
        rows.set(item.account.key, row);
      }
      cursor = page.cursor ?? undefined;
    } while (cursor);
  }
  return [...rows.values()];
}
