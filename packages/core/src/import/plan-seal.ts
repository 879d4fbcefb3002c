import { emailKey } from '../email/email-key.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { toBase64Url } from '../platform/bytes.js';
import { constantTimeEqual, createHmacSha256, randomBytes, type StreamingHash } from '../platform/hashing.js';
import { readSecretKey, type SecretKey } from '../stores/secret-key.js';
import { planIdentity } from './plan-identity.js';
import type { ImportPlan } from './plan-import.js';

/** A plan as planning makes it, before it is sealed. */
export type UnsealedPlan = Omit<ImportPlan, 'seal'>;

/**
 * The key that seals plans, derived from a store's secret key and a context (the tenant), so
 * bridges over the same stores accept each other's plans and no other key's plans pass.
 */
export function derivePlanKey(secretKey: SecretKey, context = ''): Uint8Array {
  return createHmacSha256(readSecretKey(secretKey)).update(`psa-bridge plan seal v1\0${context}`).digest();
}

/** A random plan key, for stores that have no secret key: plans then run only on this process's bridges. */
export const randomPlanKey = (): Uint8Array => randomBytes(32);

/**
 * Feeds `value` to `hmac` as JSON with object keys sorted at every level, piece by piece: the same
 * plan gives the same bytes however it was built, and a plan of 100,000 rows is never one string.
 */
function updateCanonical(hmac: StreamingHash, value: unknown): void {
  if (Array.isArray(value)) {
    hmac.update('[');
    value.forEach((inner, index) => {
      if (index > 0) hmac.update(',');
      updateCanonical(hmac, inner);
    });
    hmac.update(']');
    return;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    hmac.update('{');
    keys.forEach((key, index) => {
      hmac.update(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
      updateCanonical(hmac, (value as Record<string, unknown>)[key]);
    });
    hmac.update('}');
    return;
  }
  hmac.update(JSON.stringify(value) ?? 'null');
}

const mac = (plan: UnsealedPlan, key: Uint8Array): string => {
  const hmac = createHmacSha256(key);
  updateCanonical(hmac, plan);
  return `v1.${toBase64Url(hmac.digest())}`;
};

/** Seals a plan: an HMAC-SHA256 over every field, keyed by the plan key (see {@link verifyPlan}). */
export function sealPlan(plan: UnsealedPlan, key: Uint8Array): ImportPlan {
  return { ...plan, seal: mac(plan, key) };
}

const refuse = (message: string, field: string): PsaBridgeError =>
  new PsaBridgeError(
    'VALIDATION',
    `The import plan was refused: ${message}. Plan again and run the new plan.`,
    {
      details: { field },
    },
  );

/**
 * Checks that `plan` is exactly what planning made (SPEC I3, I6), before anything is written:
 * 1. its id, recomputed over its own inputs and rows, is its `id` (names a changed, added or
 *    removed row: the selection, an email, a derived name);
 * 2. its seal is the HMAC of every field under this bridge's plan key (names a forged plan, or
 *    any other change: a reason, an action, a license, a name).
 * A subset of rows is chosen by planning with `select`, never by editing a plan.
 *
 * @throws PsaBridgeError `VALIDATION` naming what does not match.
 */
export function verifyPlan(plan: ImportPlan, key: Uint8Array): void {
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.rows)) {
    throw refuse('it is not a plan made by imports.plan (no rows)', 'rows');
  }
  if (typeof plan.seal !== 'string') throw refuse('it has no seal (it was not made by imports.plan)', 'seal');
  const { seal, ...unsealed } = plan;
  const recomputed = planIdentity({
    kind: plan.kind,
    connectionId: plan.connectionId,
    accountKey: plan.accountKey,
    companyId: plan.companyId,
    licenseKeys: plan.licenseKeys ?? [],
    includeInactive: plan.includeInactive,
    sendWelcomeEmail: plan.sendWelcomeEmail,
    contacts: plan.rows.map((row) => ({
      contactId: row.contactId,
      emailKey: row.email === undefined ? undefined : emailKey(row.email),
      derivedName: row.nameDerived ? `${row.firstName} ${row.lastName}` : undefined,
    })),
  });
  if (recomputed !== plan.id) {
    throw refuse(
      'its rows or inputs do not match its id (a row was added, removed or reordered, or an email, a derived name, a license or an option changed)',
      'rows',
    );
  }
  const expected = new TextEncoder().encode(mac(unsealed, key));
  const given = new TextEncoder().encode(seal);
  if (!constantTimeEqual(expected, given)) {
    throw refuse(
      'its seal does not match (the plan was changed after planning, or made with another key)',
      'seal',
    );
  }
}
