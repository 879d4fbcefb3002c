import { connectwise } from '@psa-bridge/connectwise';
import {
  type Condition,
  ConditionsSyntaxError,
  createConnectWiseFake,
  evaluateCondition,
  LITERAL_RULES,
  parseConditions,
} from '@psa-bridge/connectwise/fake';
import { mswHandlers } from '@psa-bridge/connectwise/fake/msw';
import { collect } from '@psa-bridge/core/testing';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyQuery, contactConditions, quoteLiteral } from '../src/conditions.js';

/** Every comparison of a parsed condition, refusing any `or`: an `or` would widen the query. */
function comparisons(condition: Condition): Extract<Condition, { kind: 'compare' }>[] {
  if (condition.kind === 'compare') return [condition];
  if (condition.kind === 'or') throw new Error('the query holds an or');
  return [...comparisons(condition.left), ...comparisons(condition.right)];
}

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      "'",
      '\\',
      '%',
      '_',
      '(',
      ')',
      ' ',
      'a',
      'o',
      'r',
      'n',
      'd',
      '=',
      '\n',
      '/',
      '[',
    ),
    maxLength: 30,
  }),
  fc.constantFrom(
    'x" or id>0 or name="',
    "x' or 1=1 or name='",
    ') or (1=1',
    'a" OR "1"="1',
    '%" or name like "%',
    'acme"\nor deletedFlag = true',
    `both ' and " quotes`,
  ),
);

describe('the conditions builder: no input can widen a query', () => {
  it('produces conditions the server parses into and-ed comparisons, the name a literal as given', () => {
    fc.assert(
      fc.property(hostile, (name) => {
        const query = companyQuery({ name });
        const parts = comparisons(parseConditions(query.conditions));
        expect(parts[0]).toMatchObject({
          path: ['deletedFlag'],
          operator: '=',
          values: [{ kind: 'boolean', value: false }],
        });
        const nameParts = parts.filter((part) => part.path.join('/') === 'name');
        const trimmed = name.trim();
        if (nameParts.length === 1) {
          expect(nameParts[0]).toMatchObject({
            operator: 'contains',
            negated: false,
            values: [{ kind: 'string', value: trimmed }],
          });
        } else {
          // Not quotable: the name stays out of the query and is filtered on the client.
          expect(nameParts).toHaveLength(0);
          expect(trimmed === '' || quoteLiteral(trimmed) === undefined).toBe(true);
        }
        expect(parts.every((part) => ['deletedFlag', 'name'].includes(part.path.join('/')))).toBe(true);
        expect(query.nameFragment).toBe(trimmed === '' ? undefined : trimmed.toLowerCase());
      }),
      { numRuns: 3000 },
    );
  });

  it('puts only whole numbers in id lists', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2 ** 31 }), { minLength: 1, maxLength: 5 }), (ids) => {
        const query = companyQuery({ statusIds: ids.map(String), typeIds: ids.map(String) });
        const status = comparisons(parseConditions(query.conditions)).find(
          (part) => part.path.join('/') === 'status/id',
        );
        expect(status?.values.map((value) => (value.kind === 'number' ? value.value : undefined))).toEqual(
          ids,
        );
        expect(comparisons(parseConditions(query.childConditions ?? ''))[0]?.path).toEqual(['types', 'id']);
      }),
    );
    expect(() => companyQuery({ typeIds: ['1) or (1=1'] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
    expect(contactConditions('42', true)).toBe('company/id = 42 and inactiveFlag = false');
  });
});

describe('searching the simulator with hostile text', () => {
  const fake = createConnectWiseFake({ companies: 30, seed: 5 });
  const tricky = [
    `Both 'Quotes' "Here" Inc`,
    '100% Real_Estate',
    'Back\\Slash (NL)',
    'O\'Neill "Q" and sons',
    'Line\nBreak Co',
  ];
  tricky.forEach((name, i) => {
    const template = fake.data.companies[i];
    if (template) fake.data.companies[i] = { ...template, name, deletedFlag: false };
  });
  const server = setupServer(...mswHandlers(fake));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('returns exactly the companies whose names contain the text', async () => {
    const client = await connectwise().connect(fake.credentials);
    const live = fake.data.companies.filter((company) => !company.deletedFlag);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostile,
          fc.constantFrom(...tricky.map((name) => name.slice(2, 9)), '%', '_', "'", '"', '\\'),
        ),
        async (fragment) => {
          const found = await collect(client.searchCompanies({ name: fragment }));
          const wanted = fragment.trim().toLowerCase();
          const expected = live.filter((company) => company.name.toLowerCase().includes(wanted));
          expect(found.map((company) => company.name)).toEqual(expected.map((company) => company.name));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the simulator parser', () => {
  it('parses the documented example with both quote styles, dates, and/or and parentheses', () => {
    const parsed = parseConditions(
      '(contact/name like "Fred%" and closedFlag = false) and dateEntered > [2015-12-23T05:53:27Z] or summary contains \'test\' AND summary != "Some Summary"',
    );
    expect(parsed.kind).toBe('or');
  });

  it('binds and tighter than or, in any letter case', () => {
    expect(parseConditions('a = 1 OR b = 2 and c = 3')).toMatchObject({ kind: 'or', right: { kind: 'and' } });
  });

  it('reads in, not in, not like, null, true and paths', () => {
    const record = {
      id: 5,
      name: 'Acme',
      status: { id: 2 },
      types: [{ id: 1 }, { id: 7 }],
      note: null,
      flag: true,
    };
    const check = (text: string) => evaluateCondition(parseConditions(text), record);
    expect(check('status/id in (1,2)')).toBe(true);
    expect(check('status/id not in (1,2)')).toBe(false);
    expect(check('types/id = 7')).toBe(true);
    expect(check('name not like "B%"')).toBe(true);
    expect(check('note = null and flag = true')).toBe(true);
    expect(check('name like "A_me"')).toBe(true);
    expect(check('name contains "%"')).toBe(false);
    expect(check("name = 'ACME'")).toBe(true);
  });

  it('refuses malformed conditions with the server wording', () => {
    for (const text of [
      'name = "open',
      'name =',
      'name = acme',
      '(a = 1',
      'a = 1 b = 2',
      'id > [not a date]',
      'a ~ 1',
    ]) {
      let caught: unknown;
      try {
        parseConditions(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(ConditionsSyntaxError);
      expect((caught as Error).message).toContain(LITERAL_RULES);
    }
  });
});

describe('the simulator over HTTP', () => {
  const fake = createConnectWiseFake({ companies: 60, seed: 2 });
  const server = setupServer(...mswHandlers(fake));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const base = 'https://api-na.myconnectwise.net/v2025_1/apis/3.0';
  const headers = {
    authorization: `Basic ${Buffer.from('simulated+sim-public-key:sim-private-key').toString('base64')}`,
    clientId: fake.credentials.clientId,
  };

  it('answers a bad conditions string with 400 and the server wording', async () => {
    const response = await fetch(`${base}/company/companies?conditions=${encodeURIComponent('name = "x')}`, {
      headers,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(
      'String values should be enclosed',
    );
  });

  it('pages navigably with Link rel="next" and rel="last", and no Link for one page', async () => {
    const first = await fetch(`${base}/company/companies?pageSize=25`, { headers });
    expect(first.headers.get('link')).toMatch(/page=2>; rel="next".*page=3>; rel="last"/);
    const last = await fetch(`${base}/company/companies?pageSize=25&page=3`, { headers });
    expect(last.headers.get('link')).not.toContain('rel="next"');
    const single = await fetch(`${base}/company/companies?pageSize=1000`, { headers });
    expect(single.headers.get('link')).toBeNull();
    expect(await single.json()).toHaveLength(60);
  });

  it('counts, and checks the codebase, the keys and the clientId header', async () => {
    const count = await fetch(`${base}/company/companies/count?conditions=deletedFlag%3Dfalse`, { headers });
    expect(await count.json()).toEqual({ count: fake.data.companies.filter((c) => !c.deletedFlag).length });
    expect(
      (await fetch(`${base}/system/info`, { headers: { authorization: headers.authorization } })).status,
    ).toBe(401);
    expect((await fetch(`${base.replace('v2025_1', 'v2019_1')}/system/info`, { headers })).status).toBe(404);
  });
});
