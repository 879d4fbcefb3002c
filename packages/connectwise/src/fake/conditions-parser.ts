/**
 * A parser for ConnectWise's `conditions` / `childConditions` language, as the simulator's
 * server side: comparisons (`=`, `!=`, `<`, `<=`, `>`, `>=`), `contains`, `like`, `in`,
 * `not in`, `not like`, `not contains`, `and`/`or` (any case, `and` binding tighter),
 * parentheses, strings in either quote style (no escapes: ConnectWise documents none),
 * `[datetimes]`, numbers, `true`/`false`/`null`, and `a/b` paths.
 * @see https://developer.connectwise.com/Best_Practices/PSA_API_Requests
 */

/** A literal value. */
export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'date'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

/** Comparison operators. */
export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'like' | 'in';

/** A parsed condition. */
export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | {
      readonly kind: 'compare';
      readonly path: readonly string[];
      readonly operator: Operator;
      readonly negated: boolean;
      readonly values: readonly Literal[];
    };

/** The server's own wording for a bad literal, quoted in public client docs. */
export const LITERAL_RULES =
  'String values should be enclosed with double or single quotes; DateTime values should be enclosed in square brackets; numbers should consist of only digits, and optionally a decimal point and a negation sign; boolean values should be indicated with the keywords true or false; null values should be indicated by the keyword null.';

/** A conditions string the server cannot parse (answered as HTTP 400). */
export class ConditionsSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionsSyntaxError';
  }
}

type Token =
  | { readonly type: 'word'; readonly text: string; readonly at: number }
  | { readonly type: 'symbol'; readonly text: string; readonly at: number }
  | { readonly type: 'literal'; readonly literal: Literal; readonly at: number };

const SYMBOLS = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ','];

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i] as string;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = input.indexOf(char, i + 1);
      if (end < 0) throw new ConditionsSyntaxError(`Unterminated string at position ${i}. ${LITERAL_RULES}`);
      tokens.push({ type: 'literal', literal: { kind: 'string', value: input.slice(i + 1, end) }, at: i });
      i = end + 1;
      continue;
    }
    if (char === '[') {
      const end = input.indexOf(']', i + 1);
      const date = end < 0 ? Number.NaN : Date.parse(input.slice(i + 1, end));
      if (Number.isNaN(date))
        throw new ConditionsSyntaxError(`Invalid date at position ${i}. ${LITERAL_RULES}`);
      tokens.push({ type: 'literal', literal: { kind: 'date', value: date }, at: i });
      i = end + 1;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => input.startsWith(candidate, i));
    if (symbol) {
      tokens.push({ type: 'symbol', text: symbol === '<>' ? '!=' : symbol, at: i });
      i += symbol.length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?(?![\w/])/.exec(input.slice(i));
    if (number) {
      tokens.push({ type: 'literal', literal: { kind: 'number', value: Number(number[0]) }, at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][\w/]*/.exec(input.slice(i));
    if (!word)
      throw new ConditionsSyntaxError(`Unexpected character "${char}" at position ${i}. ${LITERAL_RULES}`);
    const text = word[0];
    const lower = text.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      tokens.push({ type: 'literal', literal: { kind: 'boolean', value: lower === 'true' }, at: i });
    } else if (lower === 'null') {
      tokens.push({ type: 'literal', literal: { kind: 'null' }, at: i });
    } else {
      tokens.push({ type: 'word', text, at: i });
    }
    i += text.length;
  }
  return tokens;
}

/** Parses a conditions string; throws {@link ConditionsSyntaxError} with ConnectWise's wording. */
export function parseConditions(input: string): Condition {
  const tokens = tokenize(input);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isWord = (token: Token | undefined, word: string): boolean =>
    token?.type === 'word' && token.text.toLowerCase() === word;
  const fail = (expected: string): never => {
    const token = peek();
    const where = token ? `at position ${token.at}` : 'at the end';
    throw new ConditionsSyntaxError(`Expected ${expected} ${where}. ${LITERAL_RULES}`);
  };

  const literal = (): Literal => {
    const token = peek();
    if (token?.type !== 'literal') return fail('a value');
    position += 1;
    return token.literal;
  };

  const comparison = (): Condition => {
    const token = peek();
    if (token?.type !== 'word') return fail('a field name');
    if (['and', 'or', 'not', 'in', 'like', 'contains'].includes(token.text.toLowerCase()))
      fail('a field name');
    position += 1;
    const path = token.text.split('/').filter((part) => part !== '');
    let negated = false;
    if (isWord(peek(), 'not')) {
      negated = true;
      position += 1;
    }
    const op = peek();
    if (isWord(op, 'in')) {
      position += 1;
      if (peek()?.type !== 'symbol' || (peek() as { text: string }).text !== '(') fail('"(" after in');
      position += 1;
      const values = [literal()];
      while (peek()?.type === 'symbol' && (peek() as { text: string }).text === ',') {
        position += 1;
        values.push(literal());
      }
      if (peek()?.type !== 'symbol' || (peek() as { text: string }).text !== ')')
        fail('")" to close the list');
      position += 1;
      return { kind: 'compare', path, operator: 'in', negated, values };
    }
    if (isWord(op, 'like') || isWord(op, 'contains')) {
      position += 1;
      const operator = (op as { text: string }).text.toLowerCase() as Operator;
      return { kind: 'compare', path, operator, negated, values: [literal()] };
    }
    if (negated) fail('in, like or contains after not');
    if (op?.type !== 'symbol' || ['(', ')', ','].includes(op.text)) return fail('an operator');
    position += 1;
    return { kind: 'compare', path, operator: op.text as Operator, negated: false, values: [literal()] };
  };

  const primary = (): Condition => {
    const token = peek();
    if (token?.type === 'symbol' && token.text === '(') {
      position += 1;
      const inner = orExpression();
      const close = peek();
      if (close?.type !== 'symbol' || close.text !== ')') fail('")"');
      position += 1;
      return inner;
    }
    return comparison();
  };

  const andExpression = (): Condition => {
    let left = primary();
    while (isWord(peek(), 'and')) {
      position += 1;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };

  function orExpression(): Condition {
    let left = andExpression();
    while (isWord(peek(), 'or')) {
      position += 1;
      left = { kind: 'or', left, right: andExpression() };
    }
    return left;
  }

  const result = orExpression();
  if (position < tokens.length) fail('and, or or the end');
  return result;
}
