import { PsaBridgeError } from '@psa-bridge/core';

/**
 * Builders for ConnectWise's `conditions` language that no user text can widen.
 *
 * The language has no documented escape for a quote inside a string, so text is wrapped in the
 * quote style it does not contain; text with both styles, or with control characters, is never
 * put in a condition at all (the caller filters on its side instead). Numbers come only from
 * validated integers. Nothing the user typed ever stands outside a literal.
 * @see https://developer.connectwise.com/Best_Practices/PSA_API_Requests
 */

/** `text` as a string literal, or `undefined` when it cannot be quoted safely. */
export function quoteLiteral(text: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (/[\u0000-\u001f\u007f]/.test(text)) return undefined;
  if (!text.includes('"')) return `"${text}"`;
  if (!text.includes("'")) return `'${text}'`;
  return undefined;
}

/** True when `id` is a ConnectWise record id (a positive integer). */
export function isRecordId(id: string): boolean {
  return /^[1-9]\d{0,15}$/.test(id);
}

/** `(1,2,3)` from ids; rejects anything but integers with code `VALIDATION`. */
export function integerList(ids: readonly string[], what: string): string {
  for (const id of ids) {
    if (!isRecordId(id)) {
      throw new PsaBridgeError('VALIDATION', `ConnectWise ${what} ids are whole numbers; got "${id}"`, {
        details: { field: what },
      });
    }
  }
  return `(${ids.join(',')})`;
}

/** Query parameters for a company search. */
export interface CompanyQuery {
  /** The `conditions` parameter. */
  readonly conditions: string;
  /** The `childConditions` parameter, for the company types array. */
  readonly childConditions?: string;
  /** The name fragment to check on every result (lower case): the server's match is only a first cut. */
  readonly nameFragment?: string;
}

/**
 * The conditions for a company search: never deleted companies, the name as a `contains`
 * literal, statuses by id, types through `childConditions` (types is an array).
 */
export function companyQuery(search: {
  readonly name?: string | undefined;
  readonly statusIds?: readonly string[] | undefined;
  readonly typeIds?: readonly string[] | undefined;
}): CompanyQuery {
  const parts = ['deletedFlag = false'];
  const name = search.name?.trim();
  if (name) {
    const literal = quoteLiteral(name);
    if (literal) parts.push(`name contains ${literal}`);
  }
  if (search.statusIds?.length) parts.push(`status/id in ${integerList(search.statusIds, 'status')}`);
  return {
    conditions: parts.join(' and '),
    ...(search.typeIds?.length
      ? { childConditions: `types/id in ${integerList(search.typeIds, 'type')}` }
      : {}),
    ...(name ? { nameFragment: name.toLowerCase() } : {}),
  };
}

/** The conditions for the contacts of one company. */
export function contactConditions(companyId: string, activeOnly: boolean): string {
  const parts = [`company/id = ${integerList([companyId], 'company').slice(1, -1)}`];
  if (activeOnly) parts.push('inactiveFlag = false');
  return parts.join(' and ');
}

/**
 * The conditions of an incremental company read: companies changed at or after `since`
 * (deleted ones too, so the read can report them), as `lastUpdated >= [2026-01-01T00:00:00Z]`.
 * `since` must be an ISO 8601 time; it is written in UTC, whole seconds, rounded down.
 */
export function changedSinceConditions(field: 'lastUpdated' | '_info/lastUpdated', since: string): string {
  const time = Date.parse(since);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(time)) {
    throw new PsaBridgeError('VALIDATION', `changedSince must be an ISO 8601 time; got "${since}"`, {
      details: { field: 'changedSince' },
    });
  }
  const stamp = new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return `${field} >= [${stamp}]`;
}
