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

/** Where a page of a keyset listing starts, and how long it is. */
export interface PageRequest {
  /** The `next` cursor of the previous page; absent for the first page. */
  readonly after?: string;
  /** Most items on the page, 1 to 10,000. */
  readonly limit: number;
}

/** One page of a keyset listing: stores list large sets page by page, never all at once. */
export interface StorePage<T> {
  /** The items, in the store's stable order. */
  readonly items: readonly T[];
  /** Cursor of the next page (pass it as `after`); absent on the last page. */
  readonly next?: string;
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
  /** One page of a connection's mappings, ordered by account key (SPEC S1: no unbounded lists). */
  listPage(connectionId: string, page: PageRequest, options?: CallOptions): Promise<StorePage<Mapping>>;
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
  /** 1 for the first run of the plan, 2 for the next, and so on. @default 1 (journals written before runs were numbered) */
  readonly run?: number;
  /**
   * This run goes on with the app's previous run (a job handed back, re-queued or retried):
   * reports count them as one run of the app. @default false
   */
  readonly continues?: boolean;
}

/** About to ask GoTo to create a contact's user; an intent without an outcome is checked on resume. */
export interface IntentEntry extends JournalEntryBase {
  /** Entry kind. */
  readonly type: 'intent';
  /** The PSA contact id. */
  readonly contactId: string;
  /** The email the user is created with. */
  readonly email: string;
  /** The run that wrote it. @default 1 */
  readonly run?: number;
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
  /** Why, for skipped and failed contacts: a report reason (`no-email`, `no-seat`, …). */
  readonly reason?: string;
  /** The run that wrote it: for `created`, the run that confirmed the creation. @default 1 */
  readonly run?: number;
  /** For `failed`: whether running the import again may succeed (seats, rate limits, outages). */
  readonly retryable?: boolean;
  /** For `failed`: the vendor's own error code, when it sent one. */
  readonly vendorCode?: string;
  /** For `failed`: the words of the vendor or the error, for people. */
  readonly message?: string;
  /** For `created`: what was adjusted to fit GoTo (a clipped name). */
  readonly warnings?: readonly string[];
}

/** The run finished. */
export interface RunFinishedEntry extends JournalEntryBase {
  /** Entry kind. */
  readonly type: 'run-finished';
  /** The run that finished. @default the last run started before it */
  readonly run?: number;
}

/** One step of an import run, written before it counts as done (SPEC I6). */
export type JournalEntry = RunStartedEntry | IntentEntry | OutcomeEntry | RunFinishedEntry;

/** The right to run one import, held by one runner until it expires (SPEC I8). */
export interface ImportLease {
  /** The import (plan id). */
  readonly runId: string;
  /** Who holds it: any string unique per runner, like `host:pid:uuid`. */
  readonly owner: string;
  /** When it lapses unless renewed (ms since the epoch). */
  readonly expiresAt: number;
  /**
   * The fencing token: a number that grows with every claim of this import's lease, kept by
   * renewals. A runner whose lease was taken over holds an older generation, so a journal can
   * refuse its writes even when its clock or its memory says it still holds the lease.
   */
  readonly generation: number;
}

/**
 * A condition on an append (SPEC I8): write only while `lease` (same owner, same generation) is
 * the import's current lease and runs at least until `validUntil` (ms since the epoch, the
 * runner's clock). Otherwise nothing of the append is written and it rejects with `CONFLICT`.
 */
export interface LeaseFence {
  /** The lease the runner believes it holds. */
  readonly lease: ImportLease;
  /** The lease must not lapse before this time (now plus a safety margin). */
  readonly validUntil: number;
}

/** Options of {@link ImportJournal.append}. */
export interface AppendOptions extends CallOptions {
  /** Write only under this lease; see {@link LeaseFence}. Intents of a run are always fenced. */
  readonly fence?: LeaseFence | undefined;
}

/** What {@link ImportJournal.claimLease} needs. */
export interface LeaseClaim {
  /** The import (plan id). */
  readonly runId: string;
  /** The runner asking. */
  readonly owner: string;
  /** The current time (ms since the epoch), from the runner's clock. */
  readonly now: number;
  /** How long the lease lasts without renewal, in ms. */
  readonly ttlMs: number;
}

/**
 * The import journal: an append-only log per run (SPEC I6). `append` resolves only once the
 * entries are durable; `read` yields a run's entries in the order they were appended.
 * The lease methods make sure one runner at a time works on an import (SPEC I8), across
 * processes wherever the journal is shared.
 */
export interface ImportJournal {
  /**
   * Appends entries, all of one run or several, in order. With `options.fence`, atomically only
   * while that lease is current (see {@link LeaseFence}); else `CONFLICT` and nothing written.
   */
  append(entries: readonly JournalEntry[], options?: AppendOptions): Promise<void>;
  /** The entries of one run, oldest first; nothing for an unknown run. */
  read(runId: string, options?: CallOptions): AsyncIterable<JournalEntry>;
  /**
   * Takes the lease of an import: resolves it when nobody holds it, the holder's lease has
   * lapsed (`expiresAt <= now`), or `owner` already holds it; resolves `null` while another
   * owner's lease runs. Atomic: two claimants never both get it. Every claim gets a higher
   * `generation` than any earlier claim of that import.
   */
  claimLease(claim: LeaseClaim, options?: CallOptions): Promise<ImportLease | null>;
  /**
   * Extends a held lease (same owner and generation) to `now + ttlMs`; resolves `null` when it
   * was lost (taken over after lapsing, or released).
   */
  renewLease(
    lease: ImportLease,
    now: number,
    ttlMs: number,
    options?: CallOptions,
  ): Promise<ImportLease | null>;
  /** Gives a lease up; does nothing when `lease.owner` no longer holds it. */
  releaseLease(lease: ImportLease, options?: CallOptions): Promise<void>;
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
  /** One page of the weak end users, ordered by lower-case email (SPEC S1: no unbounded lists). */
  listPage(page: PageRequest, options?: CallOptions): Promise<StorePage<WeakEndUser>>;
}
