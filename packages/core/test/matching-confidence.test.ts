import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Company } from '../src/index.js';
import { hashedPostings, keyOf, oneEditKeys } from '../src/matching/hashed-postings.js';
import { LEGAL_FORMS } from '../src/matching/normalize-company-name.js';
import { domainOfEmail, domainOfWebsite, sameDomain } from '../src/matching/web-domain.js';
import { createCompanyIndex, matchAccount, normalizeCompanyName } from '../src/matching.js';

const companies = (...names: (string | [string, string])[]): Company[] =>
  names.map((entry, i) =>
    typeof entry === 'string'
      ? { id: String(i + 1), name: entry }
      : { id: String(i + 1), name: entry[0], website: entry[1] },
  );

describe('the outcomes of the name search, with a confidence (SPEC M1)', () => {
  it('finds "Stark" in "Stark Industries", but only as partial: not safe to save alone', () => {
    const result = matchAccount('Stark', companies('Stark Industries', 'Wayne Enterprises'));
    expect(result).toMatchObject({
      outcome: 'found',
      company: { id: '1' },
      confidence: 'partial',
      safe: false,
    });
    expect(result.evidence.join(' ')).toMatch(/holds every word/);
  });

  it('gives multiple for "Northwind" with both candidates', () => {
    const result = matchAccount('Northwind', companies('Northwind Traders', 'Northwind Health', 'Contoso'));
    expect(result.outcome).toBe('multiple');
    expect(result.candidates.map((candidate) => candidate.company.name).sort()).toEqual([
      'Northwind Health',
      'Northwind Traders',
    ]);
    expect(result.safe).toBe(false);
  });

  it('lets the same name win over names that merely contain it', () => {
    const result = matchAccount('Contoso', companies('Contoso Pharmaceuticals', 'Contoso Ltd'));
    expect(result).toMatchObject({ outcome: 'found', company: { id: '2' }, confidence: 'exact', safe: true });
  });

  it('needs whole words: "Stark" is not in "Starkweather"', () => {
    expect(matchAccount('Stark', companies('Starkweather Legal')).outcome).toBe('none');
  });

  it('calls a one-slip typo "typo", safe; a slip next to a containing name is multiple', () => {
    expect(matchAccount('Globexx Industries', companies('Globex Industries'))).toMatchObject({
      outcome: 'found',
      confidence: 'typo',
      safe: true,
    });
    expect(matchAccount('Globex', companies('Globexx', 'Globex Holdings')).outcome).toBe('multiple');
  });
});

describe('web domains as evidence (SPEC M5)', () => {
  it('reads domains from how PSAs hold websites and emails', () => {
    expect(domainOfWebsite('https://WWW.Acme.example/en?x=1')).toBe('acme.example');
    expect(domainOfWebsite('www.acme.example:443')).toBe('acme.example');
    expect(domainOfWebsite('acme.example.')).toBe('acme.example');
    expect(domainOfWebsite('not a website')).toBeUndefined();
    expect(domainOfWebsite(undefined)).toBeUndefined();
    expect(domainOfEmail('"jane doe"@Mail.Acme.example')).toBe('mail.acme.example');
    expect(sameDomain('mail.acme.example', 'acme.example')).toBe(true);
    expect(sameDomain('notacme.example', 'acme.example')).toBe(false);
  });

  it('settles several name matches when exactly one website is on the account domain', () => {
    const list = companies(
      ['Northwind Traders', 'northwind-traders.example'],
      ['Northwind Health', 'nwhealth.example'],
    );
    const result = matchAccount('Northwind', list, {}, ['www.nwhealth.example']);
    expect(result).toMatchObject({
      outcome: 'found',
      company: { id: '2' },
      confidence: 'domain',
      safe: true,
    });
    expect(result.evidence.join(' ')).toMatch(/only Northwind Health has a website on the account's domain/);
    // Without domains, or with a domain neither has, it stays multiple.
    expect(matchAccount('Northwind', list).outcome).toBe('multiple');
    expect(matchAccount('Northwind', list, {}, ['other.example']).outcome).toBe('multiple');
  });

  it('raises a partial match that agrees, and lowers an exact one that conflicts', () => {
    const stark = companies(['Stark Industries', 'https://stark.example']);
    expect(matchAccount('Stark', stark, {}, ['stark.example'])).toMatchObject({
      confidence: 'domain',
      safe: true,
    });
    const acme = companies(['Acme Corp', 'acme-widgets.example']);
    const conflict = matchAccount('ACME Corporation', acme, {}, ['acme.example']);
    expect(conflict).toMatchObject({ outcome: 'found', confidence: 'partial', safe: false });
    expect(conflict.candidates[0]?.domain).toBe('conflicts');
    // A company without a website changes nothing.
    expect(matchAccount('ACME Corporation', companies('Acme Corp'), {}, ['acme.example'])).toMatchObject({
      confidence: 'exact',
      safe: true,
    });
  });

  it('keeps none as none, listing a company on the account domain first', () => {
    const list = companies(
      ['Initrode Ltd', 'initrode.example'],
      ['Initech Group Holdings', 'initech.example'],
    );
    const result = matchAccount('Initech Labs', list, {}, ['initech.example']);
    expect(result.outcome).toBe('none');
    expect(result.candidates[0]).toMatchObject({ company: { id: '2' }, domain: 'agrees' });
  });
});

/** Lower-case base words that are not legal forms: distinct bases are distinct legal entities. */
const baseWord = fc
  .stringMatching(/^[a-z]{3,9}$/)
  .filter((word) => !LEGAL_FORMS.has(word) && word !== 'the' && word !== 'and');
const legal = fc.constantFrom('', ' B.V.', ' Ltd', ', Inc.', ' GmbH', ' S.A.', ' Pty Ltd');
const industry = fc.constantFrom('', ' Consulting', ' Pharma', ' Logistics', ' Dental Group');
const casing = fc.constantFrom(
  (text: string) => text,
  (text: string) => text.toUpperCase(),
  (text: string) => text.replace(/\b\w/g, (letter) => letter.toUpperCase()),
);

describe('properties of normalization and the index', () => {
  it('two names with different base words never normalize alike, whatever their case and legal form', () => {
    fc.assert(
      fc.property(
        baseWord,
        baseWord,
        industry,
        legal,
        legal,
        casing,
        casing,
        (a, b, sector, legalA, legalB, caseA, caseB) => {
          fc.pre(a !== b);
          expect(normalizeCompanyName(caseA(`${a}${sector}${legalA}`))).not.toBe(
            normalizeCompanyName(caseB(`${b}${sector}${legalB}`)),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('one name in another case and legal form normalizes alike', () => {
    fc.assert(
      fc.property(baseWord, industry, legal, legal, casing, (base, sector, legalA, legalB, caseB) => {
        expect(normalizeCompanyName(`${base}${sector}${legalA}`)).toBe(
          normalizeCompanyName(caseB(`${base}${sector}${legalB}`)),
        );
      }),
    );
  });

  it('the index decides as matchAccount does over the whole list', () => {
    const lists = fc.uniqueArray(fc.tuple(baseWord, industry, legal), {
      minLength: 1,
      maxLength: 25,
      selector: ([base]) => base,
    });
    fc.assert(
      fc.property(lists, fc.nat(), fc.integer({ min: 0, max: 4 }), (parts, pick, edit) => {
        const list = companies(...parts.map(([base, sector, form]) => `${base}${sector}${form}`));
        const [base, sector] = parts[pick % parts.length] ?? ['x', ''];
        // The account: the name itself, a prefix of its words, or one slip in its base word.
        const typed =
          edit === 0
            ? `${base}${sector}`
            : edit === 1
              ? base
              : edit === 2
                ? `${base.slice(0, 1)}${base.slice(2)}${sector}`
                : edit === 3
                  ? `${base}${base.at(-1)}${sector}`
                  : `${base.slice(1, 2)}${base.slice(0, 1)}${base.slice(2)}`;
        const index = createCompanyIndex(list);
        const fromIndex = index.match(typed);
        const fromList = matchAccount(typed, list);
        expect(fromIndex.outcome).toBe(fromList.outcome);
        expect(fromIndex.company?.id).toBe(fromList.company?.id);
        expect(fromIndex.confidence).toBe(fromList.confidence);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hashed postings (the index underneath)', () => {
  it('finds every item of a key, in the order given, and nothing for absent keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 30 - 1 }), { maxLength: 300 }), (raw) => {
        // Few distinct keys, so that keys repeat; items are the positions.
        const keys = raw.map((key) => (key % 37 === 0 ? key : key % 50));
        const postings = hashedPostings(
          keys,
          keys.map((_, i) => i),
        );
        const expected = new Map<number, number[]>();
        keys.forEach((key, i) => {
          expected.set(key, [...(expected.get(key) ?? []), i]);
        });
        for (const [key, items] of expected) {
          const found: number[] = [];
          postings.forEach(key, Number.POSITIVE_INFINITY, (item) => found.push(item));
          expect(found).toEqual(items);
          expect(postings.count(key)).toBe(items.length);
          expect(postings.mayHold(key)).toBe(true);
        }
        const absent = 2 ** 30 - 7;
        if (!expected.has(absent)) expect(postings.count(absent)).toBe(0);
      }),
    );
  });

  it('gives the key of every string one edit away, as the strings themselves hash', () => {
    const word = 'globex';
    const all = new Uint32Array(2 ** 19).fill(0xffffffff); // every bit set: keep every key
    const { keys, count } = oneEditKeys(word, { slips: true, replacements: true }, all);
    const made = new Set(Array.from(keys.subarray(0, count)));
    for (const variant of ['globx', 'glboex', 'globexx', 'aglobex', 'globez', 'glubex']) {
      expect(made.has(keyOf(variant))).toBe(true);
    }
  });
});
