import assert from 'node:assert/strict';
import type { ConnectionRecord } from '../../contracts/connection.js';
import type { JournalEntry, Mapping, WeakEndUser } from '../../contracts/stores.js';
import { Secret } from '../../secrets/secret.js';

/** Records the store suite writes: every field set, a secret in the credentials. */

export const AT = '2026-01-01T00:00:00.000Z';
export const SECRET = 'conformance-private-key-6b1f';

export const connection = (id: string, label = `Connection ${id}`): ConnectionRecord => ({
  id,
  providerId: 'connectwise',
  product: 'resolve',
  label,
  createdAt: AT,
  updatedAt: AT,
  credentials: new Secret({ site: 'na.myconnectwise.net', privateKey: SECRET, nested: { n: 1 } }),
});
export const mapping = (connectionId: string, accountKey: string, companyId = '42'): Mapping => ({
  connectionId,
  accountKey,
  companyId,
  companyName: `Company ${companyId}`,
  source: 'manual',
  mappedAt: AT,
});
export const endUser = (email: string, firstName = 'Claire'): WeakEndUser => ({
  email,
  firstName,
  lastName: 'Johnson',
  displayName: `${firstName} Johnson`,
  channel: 'email',
  nameSource: 'email',
  createdAt: AT,
});
export const outcome = (runId: string, contactId: string, run = 1): JournalEntry => ({
  type: 'outcome',
  runId,
  at: AT,
  contactId,
  email: `${contactId}@acme.example`,
  outcome: 'created',
  userKey: `u-${contactId}`,
  run,
});

/** Every page of a keyset listing, checking that pages are in order and never overlap. */
export async function allPages<T>(
  fetch: (after: string | undefined) => Promise<{ items: readonly T[]; next?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 100_000; guard += 1) {
    const page = await fetch(after);
    out.push(...page.items);
    if (page.next === undefined) return out;
    assert.notEqual(page.next, after, 'a page cursor did not move');
    after = page.next;
  }
  assert.fail('paging never ended');
}
