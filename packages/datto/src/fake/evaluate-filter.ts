/**
 * Autotask's query filter language, as the simulator's server evaluates it: `eq`, `noteq`, `gt`,
 * `gte`, `lt`, `lte`, `beginsWith`, `endsWith`, `contains`, `exist`, `notExist`, `in`, `notIn`,
 * and `and`/`or` groups; top-level items are and-ed. Field names and text compare without regard
 * to letter case (SQL Server's default collation, unverified); `contains` takes its value
 * literally, or as SQL's `LIKE '%value%'` when `containsMode` is `like` (whether Autotask treats
 * `%`, `_` or `[…]` as wildcards is unverified, so the simulator serves both).
 * @see https://github.com/KelvinTegelaar/AutotaskAPI (v1.json, the Autotask REST API's Swagger document)
 */

import { type ContainsMode, vendorContains } from '@psa-bridge/core/testing';

/** A filter that cannot be evaluated (answered as HTTP 500, as Autotask does). */
export class FilterError extends Error {}

const OPERATORS = new Set([
  'eq',
  'noteq',
  'gt',
  'gte',
  'lt',
  'lte',
  'beginswith',
  'endswith',
  'contains',
  'exist',
  'notexist',
  'in',
  'notin',
  'and',
  'or',
]);

function fieldOf(record: Record<string, unknown>, field: string): unknown {
  if (field in record) return record[field];
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === field.toLowerCase());
  if (key === undefined) throw new FilterError(`Unable to find ${field} in the entity.`);
  return record[key];
}

const text = (value: unknown): string => String(value).toLowerCase();

function equal(left: unknown, right: unknown): boolean {
  if (typeof left === 'string' || typeof right === 'string') return text(left) === text(right);
  return left === right;
}

const TIME = /^\d{4}-\d{2}-\d{2}T/;

function order(left: unknown, right: unknown): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  // Datetimes compare as times, whatever their spelling (`…Z`, `….127Z`, an offset).
  if (typeof left === 'string' && typeof right === 'string' && TIME.test(left) && TIME.test(right)) {
    const [a, b] = [Date.parse(left), Date.parse(right)];
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  }
  return text(left) < text(right) ? -1 : text(left) > text(right) ? 1 : 0;
}

/** Checks the shape of one filter item; throws {@link FilterError} as Autotask answers with a 500. */
export function checkFilter(item: unknown): void {
  if (typeof item !== 'object' || item === null) throw new FilterError('Invalid filter item.');
  const { op, field, value, items } = item as Record<string, unknown>;
  if (typeof op !== 'string' || !OPERATORS.has(op.toLowerCase()))
    throw new FilterError(`Invalid operator ${String(op)}.`);
  const kind = op.toLowerCase();
  if (kind === 'and' || kind === 'or') {
    if (!Array.isArray(items) || items.length === 0) throw new FilterError(`The ${op} group needs items.`);
    for (const inner of items) checkFilter(inner);
    return;
  }
  if (typeof field !== 'string' || field === '') throw new FilterError('A filter needs a field.');
  if ((kind === 'in' || kind === 'notin') && !Array.isArray(value))
    throw new FilterError(`${op} needs an array value.`);
  if (kind !== 'exist' && kind !== 'notexist' && value === undefined)
    throw new FilterError(`${op} needs a value.`);
  if (typeof value === 'boolean' || value === null) {
    // Booleans are accepted as true/false only; null is an error (atdocs REST_Basic_Query_Calls).
    if (value === null) throw new FilterError('Null values are not allowed in filters.');
  }
}

/** Whether `record` passes one filter item. */
export function matchesFilter(
  item: Record<string, unknown>,
  record: Record<string, unknown>,
  containsMode: ContainsMode = 'literal',
): boolean {
  const kind = String(item.op).toLowerCase();
  if (kind === 'and')
    return (item.items as Record<string, unknown>[]).every((inner) =>
      matchesFilter(inner, record, containsMode),
    );
  if (kind === 'or')
    return (item.items as Record<string, unknown>[]).some((inner) =>
      matchesFilter(inner, record, containsMode),
    );
  const actual = fieldOf(record, String(item.field));
  const value = item.value;
  switch (kind) {
    case 'exist':
      return actual !== null && actual !== undefined && actual !== '';
    case 'notexist':
      return actual === null || actual === undefined || actual === '';
    case 'in':
      return (value as unknown[]).some((candidate) => equal(actual, candidate));
    case 'notin':
      return !(value as unknown[]).some((candidate) => equal(actual, candidate));
  }
  if (actual === null || actual === undefined) return kind === 'noteq';
  switch (kind) {
    case 'eq':
      return equal(actual, value);
    case 'noteq':
      return !equal(actual, value);
    case 'gt':
      return order(actual, value) > 0;
    case 'gte':
      return order(actual, value) >= 0;
    case 'lt':
      return order(actual, value) < 0;
    case 'lte':
      return order(actual, value) <= 0;
    case 'beginswith':
      return text(actual).startsWith(text(value));
    case 'endswith':
      return text(actual).endsWith(text(value));
    default:
      return vendorContains(String(actual), String(value), containsMode);
  }
}
