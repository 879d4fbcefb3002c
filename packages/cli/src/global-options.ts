/** Options every command takes (before or after the command name). */
export interface GlobalOptions {
  /** Use the built-in demo world instead of the environment's vendors. */
  readonly demo?: boolean;
  /** A file of `KEY=value` lines read on top of the environment. */
  readonly varsFile?: string;
  /** `memory`, a folder, or a PostgreSQL URL. */
  readonly store?: string;
  /** The tenant in a PostgreSQL store. */
  readonly tenant?: string;
  /** `connectwise` or `datto`. */
  readonly psa?: string;
  /** The GoTo product of the connection. */
  readonly product?: string;
  /** One JSON document on stdout. */
  readonly json?: boolean;
}
