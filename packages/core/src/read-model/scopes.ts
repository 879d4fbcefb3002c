/**
 * The read model's scope names: one list each. GoTo accounts belong to the bridge's tenant (one
 * GoTo account per partner); companies and contacts to a connection.
 */
export const scopes = {
  /** The partner's GoTo accounts. */
  accounts: (): string => 'accounts',
  /** A connection's PSA companies. */
  companies: (connectionId: string): string => `companies:${encodeURIComponent(connectionId)}:`,
  /** The contacts of one mapped company of a connection. */
  contacts: (connectionId: string, companyId: string): string =>
    `contacts:${encodeURIComponent(connectionId)}:${encodeURIComponent(companyId)}`,
  /** The prefix of every contacts scope of a connection. */
  contactsOf: (connectionId: string): string => `contacts:${encodeURIComponent(connectionId)}:`,
} as const;
