/**
 * The schema of `@psa-bridge/postgres`, one migration per version. A migration is applied once,
 * in a transaction, by `migrate()`; a released migration never changes: a later change is a
 * new migration. Every table starts with the tenant (`tenant`; `tenant_id` from version 6 on), and
 * every key includes it.
 */
export interface Migration {
  /** 1, 2, 3, ...: the schema version after this migration. */
  readonly version: number;
  /** What it does, for the migrations table. */
  readonly name: string;
  /** The SQL, run in one transaction. */
  readonly sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'stores: connections, mappings, import journal and leases, weak end users',
    sql: `
CREATE TABLE psa_bridge_connections (
  tenant      text NOT NULL,
  id          text NOT NULL,
  provider_id text NOT NULL,
  product     text NOT NULL,
  label       text NOT NULL,
  created_at  text NOT NULL,
  updated_at  text NOT NULL,
  credentials jsonb NOT NULL,
  key_id      text NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX psa_bridge_connections_key_id ON psa_bridge_connections (key_id);

CREATE TABLE psa_bridge_mappings (
  tenant        text NOT NULL,
  connection_id text NOT NULL,
  account_key   text COLLATE "C" NOT NULL,
  company_id    text NOT NULL,
  company_name  text NOT NULL,
  source        text NOT NULL CHECK (source IN ('automatic', 'manual')),
  mapped_at     text NOT NULL,
  PRIMARY KEY (tenant, connection_id, account_key)
);

CREATE TABLE psa_bridge_journal (
  tenant     text NOT NULL,
  run_id     text NOT NULL,
  seq        bigint GENERATED ALWAYS AS IDENTITY,
  type       text NOT NULL CHECK (type IN ('run-started', 'intent', 'outcome', 'run-finished')),
  run        integer NOT NULL,
  contact_id text,
  entry      jsonb NOT NULL,
  PRIMARY KEY (tenant, run_id, seq)
);
CREATE UNIQUE INDEX psa_bridge_journal_one_outcome
  ON psa_bridge_journal (tenant, run_id, run, contact_id) WHERE type = 'outcome';

CREATE TABLE psa_bridge_leases (
  tenant     text NOT NULL,
  run_id     text NOT NULL,
  owner      text NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (tenant, run_id)
);

CREATE TABLE psa_bridge_weak_end_users (
  tenant       text NOT NULL,
  email        text COLLATE "C" NOT NULL,
  first_name   text NOT NULL,
  last_name    text NOT NULL,
  display_name text NOT NULL,
  channel      text NOT NULL,
  name_source  text NOT NULL,
  created_at   text NOT NULL,
  PRIMARY KEY (tenant, email)
);
`,
  },
  {
    version: 2,
    name: 'shared rate limits and job progress',
    sql: `
CREATE TABLE psa_bridge_rate_limits (
  key text PRIMARY KEY,
  next_start bigint NOT NULL
);

CREATE TABLE psa_bridge_job_progress (
  job_id     text PRIMARY KEY,
  tenant     text NOT NULL,
  kind       text NOT NULL,
  done       integer NOT NULL,
  total      integer,
  started_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'fencing tokens on import leases',
    sql: `
ALTER TABLE psa_bridge_leases ADD COLUMN generation bigint NOT NULL DEFAULT 0;
`,
  },
  {
    version: 4,
    name: 'job attempts and heartbeats',
    sql: `
ALTER TABLE psa_bridge_job_progress ADD COLUMN attempt text;
ALTER TABLE psa_bridge_job_progress ADD COLUMN heartbeat_at bigint;
`,
  },
  {
    version: 5,
    name: 'GoTo tokens per tenant',
    sql: `
CREATE TABLE psa_bridge_goto_tokens (
  tenant text PRIMARY KEY,
  generation integer NOT NULL,
  updated_at text NOT NULL,
  tokens jsonb NOT NULL,
  key_id text NOT NULL,
  expires_at bigint,
  scope text,
  principal text,
  needs_consent boolean NOT NULL DEFAULT false,
  refreshing_until bigint,
  refreshing_by text
);
`,
  },
  {
    version: 6,
    name: 'read model: lists and their rows per tenant',
    sql: `
CREATE TABLE psa_bridge_read_model_state (
  tenant_id text NOT NULL,
  scope     text COLLATE "C" NOT NULL,
  version   integer NOT NULL,
  state     text NOT NULL,
  PRIMARY KEY (tenant_id, scope)
);

CREATE TABLE psa_bridge_read_model_rows (
  tenant_id   text NOT NULL,
  scope       text COLLATE "C" NOT NULL,
  generation  integer NOT NULL,
  id          text COLLATE "C" NOT NULL,
  position    bigint NOT NULL,
  modified_at text,
  record      text NOT NULL,
  PRIMARY KEY (tenant_id, scope, generation, id)
);
CREATE INDEX psa_bridge_read_model_rows_order
  ON psa_bridge_read_model_rows (tenant_id, scope, generation, position, id);
`,
  },
  {
    version: 7,
    name: 'read-model refresh schedules per connection',
    sql: `
CREATE TABLE psa_bridge_refresh_schedules (
  tenant_id      text NOT NULL,
  connection_id  text NOT NULL,
  every_ms       bigint NOT NULL CHECK (every_ms >= 60000),
  reconcile_ms   bigint CHECK (reconcile_ms IS NULL OR reconcile_ms >= 60000),
  options        jsonb NOT NULL,
  next_at        bigint NOT NULL,
  reconcile_at   bigint,
  created_at     text NOT NULL,
  PRIMARY KEY (tenant_id, connection_id)
);
CREATE INDEX psa_bridge_refresh_schedules_due ON psa_bridge_refresh_schedules (next_at);
`,
  },
];

/** The schema version this package reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The table that records applied migrations. */
export const MIGRATIONS_TABLE = 'psa_bridge_schema_migrations';
