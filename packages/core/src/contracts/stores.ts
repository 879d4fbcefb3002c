import type { CallOptions } from './call-options.js';
import type { ConnectionRecord } from './connection.js';

/**
 * Where connections live. Implementations: `createMemoryStores`, `createJsonFileStores`.
 * Every method rejects with code `STORAGE` when the backing data cannot be read or written.
 */
export interface ConnectionStore {
  /** The connection with this id, or `null`. */
  get(id: string, options?: CallOptions): Promise<ConnectionRecord | null>;
  /** Every connection, oldest first. */
  list(options?: CallOptions): Promise<readonly ConnectionRecord[]>;
  /** Inserts or replaces the connection with `record.id`. */
  put(record: ConnectionRecord, options?: CallOptions): Promise<void>;
  /** Removes the connection; resolves `false` when there was none. */
  delete(id: string, options?: CallOptions): Promise<boolean>;
}

/** How a mapping was chosen. */
export type MappingSource = 'automatic' | 'manual';

/** One GoTo account tied to one PSA company for one connection (SPEC M3). */
export interface Mapping {
  /** The connection the mapping belongs to. */
  readonly connectionId: string;
  /** The GoTo account key. */
  readonly accountKey: string;
  /** The PSA company id. */
  readonly companyId: string;
  /** The PSA company's name when it was mapped, for display. */
  readonly companyName: string;
  /** Whether the automatic search or a person chose it. */
  readonly source: MappingSource;
  /** When it was saved (ISO 8601). */
  readonly mappedAt: string;
}

/** Where mappings live; at most one per (connection, account). Errors as {@link ConnectionStore}. */
export interface MappingStore {
  /** The mapping of an account for a connection, or `null`. */
  get(connectionId: string, accountKey: string, options?: CallOptions): Promise<Mapping | null>;
  /** Every mapping of a connection. */
  list(connectionId: string, options?: CallOptions): Promise<readonly Mapping[]>;
  /** Inserts or replaces the mapping for `(mapping.connectionId, mapping.accountKey)`. */
  put(mapping: Mapping, options?: CallOptions): Promise<void>;
  /** Removes one mapping; resolves `false` when there was none. */
  delete(connectionId: string, accountKey: string, options?: CallOptions): Promise<boolean>;
  /** Removes every mapping of a connection; resolves how many there were (SPEC C6). */
  deleteByConnection(connectionId: string, options?: CallOptions): Promise<number>;
}

/** Fields every journal entry has. */
export interface JournalEntryBase {
  /** The import run the entry belongs to. */
  readonly runId: string;
  /** When it was written (ISO 8601). */
  readonly at: string;
}

/** A run began. */
export interface RunStartedEntry extends JournalEntryBase {
  /** Entry kind. */
  readonly type: 'run-started';
  /** Identifies what the run imports (account, company, licenses, selection), so two imports never mix. */
  readonly fingerprint: string;
}

/** About to ask GoTo to create a contact's user; an intent without an outcome is checked on resume. */
export interface IntentEntry extends JournalEntryBase {
  /** Entry kind. */
  readonly type: 'intent';
  /** The PSA contact id. */
  readonly contactId: string;
  /** The email the user is created with, lower case. */
  readonly email: string;
}

/** What happened to one contact: final for that contact in this run. */
export interface OutcomeEntry extends JournalEntryBase {
  /** Entry kind. */
  readonly type: 'outcome';
  /** The PSA contact id. */
  readonly contactId: string;
  /** The email, lower case (empty when the contact had none). */
  readonly email: string;
  /** What happened. */
  readonly outcome: 'created' | 'existing' | 'skipped' | 'failed';
  /** The GoTo user key, for created and existing users. */
  readonly userKey?: string;
  /** Error code, for failed contacts. */
  readonly code?: string;
  /** Why, for skipped and failed contacts. */
  readonly reason?: string;
}

/** The run finished. */
export interface RunFinishedEntry extends JournalEntryBase {
  /** Entry kind. */
  readonly type: 'run-finished';
}

/** One step of an import run, written before it counts as done (SPEC I6). */
export type JournalEntry = RunStartedEntry | IntentEntry | OutcomeEntry | RunFinishedEntry;

/**
 * The import journal: an append-only log per run (SPEC I6). `append` resolves only once the
 * entries are durable; `read` yields a run's entries in the order they were appended.
 */
export interface ImportJournal {
  /** Appends entries, all of one run or several, in order. */
  append(entries: readonly JournalEntry[], options?: CallOptions): Promise<void>;
  /** The entries of one run, oldest first; nothing for an unknown run. */
  read(runId: string, options?: CallOptions): AsyncIterable<JournalEntry>;
}

/** How a weak end user first reached the helpdesk (SPEC E2). */
export type EndUserChannel = 'email' | 'teams' | 'console-ticket' | 'console-asset';

/** A weak end user: known to the helpdesk only, not a GoTo account (SPEC E1, E2). */
export interface WeakEndUser {
  /** Email address, lower case: the identity of a weak end user. */
  readonly email: string;
  /** First name (derived by SPEC E3 unless corrected). */
  readonly firstName: string;
  /** Last name. */
  readonly lastName: string;
  /** `firstName lastName`. */
  readonly displayName: string;
  /** How the end user first came in. */
  readonly channel: EndUserChannel;
  /** Whether the name was derived from the email (E3) or set by a person. */
  readonly nameSource: 'email' | 'manual';
  /** When it was created (ISO 8601). */
  readonly createdAt: string;
}

/** Where weak end users live, keyed by lower-case email. Errors as {@link ConnectionStore}. */
export interface WeakEndUserStore {
  /** The weak end user with this email (any letter case), or `null`. */
  get(email: string, options?: CallOptions): Promise<WeakEndUser | null>;
  /** Inserts or replaces the weak end user with `endUser.email`. */
  put(endUser: WeakEndUser, options?: CallOptions): Promise<void>;
  /** Removes one; resolves `false` when there was none. */
  delete(email: string, options?: CallOptions): Promise<boolean>;
  /** Every weak end user, in email order. */
  list(options?: CallOptions): Promise<readonly WeakEndUser[]>;
}
