import { PsaBridgeError, Secret } from '@psa-bridge/core';
import type { GotoTokenRecord, GotoTokenStore, StoredGotoTokens } from '@psa-bridge/core/adapter';
import type { Database } from './database.js';
import type { KeyRing, SealedCredentials } from './key-ring.js';

interface TokenRow {
  readonly generation: number;
  readonly updated_at: string;
  readonly tokens: SealedCredentials;
  readonly expires_at: string | null;
  readonly scope: string | null;
  readonly principal: string | null;
  readonly needs_consent: boolean;
  readonly refreshing_until: string | null;
  readonly refreshing_by: string | null;
}

const COLUMNS =
  'generation, updated_at, tokens, expires_at, scope, principal, needs_consent, refreshing_until, refreshing_by';

/**
 * One tenant's GoTo tokens (SPEC S4), sealed by the key ring like connection credentials. Every
 * write is one statement that checks the generation it read (`UPDATE … WHERE generation = $n`, or
 * an insert that does nothing when a row exists): of many processes writing at once, exactly one
 * wins and the others re-read.
 */
export function createPostgresGotoTokenStore(
  database: Database,
  tenant: string,
  keys: KeyRing,
  ready: () => Promise<void>,
  now: () => number = Date.now,
): GotoTokenStore {
  const fromRow = (row: TokenRow): StoredGotoTokens => {
    let secrets: { refreshToken: string; accessToken?: string };
    try {
      secrets = JSON.parse(keys.open(row.tokens)) as { refreshToken: string; accessToken?: string };
    } catch (error) {
      if (error instanceof PsaBridgeError) throw error;
      throw new PsaBridgeError('STORAGE', 'The GoTo tokens of this tenant are not readable');
    }
    const number = (value: string | null) => (value === null ? undefined : Number(value));
    return {
      generation: row.generation,
      updatedAt: row.updated_at,
      refreshToken: new Secret(secrets.refreshToken),
      ...(secrets.accessToken ? { accessToken: new Secret(secrets.accessToken) } : {}),
      ...(row.expires_at === null ? {} : { expiresAt: number(row.expires_at) }),
      ...(row.scope === null ? {} : { scope: row.scope }),
      ...(row.principal === null ? {} : { principal: row.principal }),
      ...(row.needs_consent ? { needsConsent: true } : {}),
      ...(row.refreshing_until === null ? {} : { refreshingUntil: number(row.refreshing_until) }),
      ...(row.refreshing_by === null ? {} : { refreshingBy: row.refreshing_by }),
    };
  };
  return {
    async get() {
      await ready();
      const result = await database.query<TokenRow>(
        'Reading GoTo tokens',
        `SELECT ${COLUMNS} FROM psa_bridge_goto_tokens WHERE tenant = $1`,
        [tenant],
      );
      const row = result.rows[0];
      return row ? fromRow(row) : null;
    },
    async compareAndSet(expected: number, next: GotoTokenRecord) {
      await ready();
      const sealed = keys.seal(
        JSON.stringify({ refreshToken: next.refreshToken.reveal(), accessToken: next.accessToken?.reveal() }),
      );
      const values = [
        tenant,
        expected + 1,
        new Date(now()).toISOString(),
        sealed,
        sealed.kid,
        next.expiresAt ?? null,
        next.scope ?? null,
        next.principal ?? null,
        next.needsConsent === true,
        next.refreshingUntil ?? null,
        next.refreshingBy ?? null,
      ];
      const sql =
        expected === 0
          ? `INSERT INTO psa_bridge_goto_tokens (tenant, ${COLUMNS.replace('tokens,', 'tokens, key_id,')})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (tenant) DO NOTHING RETURNING ${COLUMNS}`
          : `UPDATE psa_bridge_goto_tokens SET generation = $2, updated_at = $3, tokens = $4, key_id = $5,
               expires_at = $6, scope = $7, principal = $8, needs_consent = $9, refreshing_until = $10,
               refreshing_by = $11
             WHERE tenant = $1 AND generation = $12 RETURNING ${COLUMNS}`;
      const result = await database.query<TokenRow>(
        'Writing GoTo tokens',
        sql,
        expected === 0 ? values : [...values, expected],
      );
      const row = result.rows[0];
      return row ? fromRow(row) : null;
    },
    async delete() {
      await ready();
      return (
        (await database.changed(
          'Forgetting GoTo tokens',
          'DELETE FROM psa_bridge_goto_tokens WHERE tenant = $1',
          [tenant],
        )) > 0
      );
    },
  };
}
