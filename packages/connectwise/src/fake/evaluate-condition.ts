import { type ContainsMode, sqlLikePattern, vendorContains } from '@psa-bridge/core/testing';
import type { Condition, Literal } from './conditions-parser.js';

/**
 * Whether a record matches a parsed condition, as the simulator's server decides it.
 *
 * Modelled choices (ConnectWise does not document them; kept here in one place):
 * - text compares without regard to letter case (SQL Server's default collation);
 * - `like` uses `%` for any run and `_` for one character, as SQL does;
 * - `contains` is a plain substring test (`%` and `_` in its value are ordinary characters),
 *   unless `containsMode` is `like`: then it is SQL's `LIKE '%value%'`, wildcards and all;
 * - a path through an array (`types/id`) matches when any element matches;
 * - a missing or `null` field matches only `= null` (and `!= <value>` never).
 */
export function evaluateCondition(
  condition: Condition,
  record: unknown,
  containsMode: ContainsMode = 'literal',
): boolean {
  if (condition.kind !== 'compare') {
    const left = evaluateCondition(condition.left, record, containsMode);
    if (condition.kind === 'and' ? !left : left) return left;
    return evaluateCondition(condition.right, record, containsMode);
  }
  const values = resolve(record, condition.path);
  const test = (value: unknown): boolean => {
    const result = compare(value, condition.operator, condition.values, containsMode);
    return condition.negated ? !result : result;
  };
  if (values.length === 0) return test(null);
  return values.some(test);
}

/** Every value the path leads to; arrays fan out at every step. */
function resolve(record: unknown, path: readonly string[]): unknown[] {
  const flatten = (values: unknown[]): unknown[] =>
    values.flatMap((value) => (Array.isArray(value) ? value : [value]));
  let current: unknown[] = [record];
  for (const key of path) current = flatten(current).map((value) => field(value, key));
  return flatten(current);
}

function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  const match = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return match === undefined ? undefined : record[match];
}

function compare(
  value: unknown,
  operator: string,
  literals: readonly Literal[],
  containsMode: ContainsMode,
): boolean {
  const literal = literals[0] as Literal;
  if (value === null || value === undefined) {
    if (operator === '=') return literal.kind === 'null';
    if (operator === '!=') return literal.kind !== 'null';
    return false;
  }
  switch (operator) {
    case '=':
      return equals(value, literal);
    case '!=':
      return !equals(value, literal);
    case 'in':
      return literals.some((candidate) => equals(value, candidate));
    case 'contains':
      return literal.kind === 'string' && vendorContains(String(value), literal.value, containsMode);
    case 'like':
      return literal.kind === 'string' && sqlLikePattern(literal.value).test(String(value));
    default: {
      const order = ordering(value, literal);
      if (order === undefined) return false;
      if (operator === '<') return order < 0;
      if (operator === '<=') return order <= 0;
      if (operator === '>') return order > 0;
      return order >= 0;
    }
  }
}

function equals(value: unknown, literal: Literal): boolean {
  switch (literal.kind) {
    case 'null':
      return false;
    case 'string':
      return String(value).toLowerCase() === literal.value.toLowerCase();
    case 'number':
      return Number(value) === literal.value;
    case 'boolean':
      return value === literal.value;
    case 'date':
      return Date.parse(String(value)) === literal.value;
  }
}

function ordering(value: unknown, literal: Literal): number | undefined {
  switch (literal.kind) {
    case 'number':
      return Number(value) - literal.value;
    case 'date':
      return Date.parse(String(value)) - literal.value;
    case 'string': {
      const left = String(value).toLowerCase();
      const right = literal.value.toLowerCase();
      return left < right ? -1 : left > right ? 1 : 0;
    }
    default:
      return undefined;
  }
}
