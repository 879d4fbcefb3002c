import { type AccountRow, api, type Connection, type Items, type Mapping } from './api';

/** A GoTo account with its mapping in every connection (`null` where unmapped). */
export interface AccountMappings {
  readonly account: AccountRow['account'];
  readonly mappings: Readonly<Record<string, Mapping | null>>;
}

/** Every connection's mapping column, merged into one row per GoTo account, in GoTo's order. */
export async function loadAccountMappings(connections: readonly Connection[]): Promise<AccountMappings[]> {
  const rows = new Map<
    string,
    { account: AccountRow['account']; mappings: Record<string, Mapping | null> }
  >();
  for (const connection of connections) {
    const { items } = await api<Items<AccountRow>>('GET', `/connections/${connection.id}/accounts`);
    for (const item of items) {
      const row = rows.get(item.account.key) ?? { account: item.account, mappings: {} };
      row.mappings[connection.id] = item.mapping;
      rows.set(item.account.key, row);
    }
  }
  return [...rows.values()];
}
