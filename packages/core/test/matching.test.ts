import type { Company } from '@psa-bridge/core';
import { createCompanyIndex, matchAccount, normalizeCompanyName } from '@psa-bridge/core/matching';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const companies = (...names: string[]): Company[] => names.map((name, i) => ({ id: String(i + 1), name }));

describe('normalizeCompanyName', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME Incorporated', 'acme'],
    ['The Acme Company', 'acme'],
    ['Globex B.V.', 'globex'],
    ['Globex BV', 'globex'],
    ['Société Générale S.A.', 'societe generale'],
    ['Müller & Söhne GmbH & Co. KG', 'muller and sohne'],
    ['Smith + Sons Ltd', 'smith and sons'],
    ['Smith and Sons Limited', 'smith and sons'],
    ['Vandelay Industries Pty Ltd', 'vandelay industries'],
    ['Rossi S.r.l.', 'rossi'],
    ['Ferrari S.p.A.', 'ferrari'],
    ["O'Neill Dental", 'oneill dental'],
    ['  Initech   LLC  ', 'initech'],
    ['The', 'the'],
    ['Inc', 'inc'],
    ['Company Ltd', 'company'],
    ['Østergaard ApS', 'ostergaard'],
    ['Buvojurico Accountants S.à r.l.', 'buvojurico accountants'],
    ['Guger Sp. z o.o.', 'guger'],
    ['Maersk A/S', 'maersk'],
    ['Tacos S. de R.L.', 'tacos'],
    ['Kaufhaus e.K.', 'kaufhaus'],
    ['Generation Z', 'generation z'],
    ['Plan B.V.', 'plan'],
    ['Sp. z o.o.', 'sp z oo'],
  ])('%s → %s', (name, expected) => {
    expect(normalizeCompanyName(name)).toBe(expected);
  });

  it('never returns an empty name for a name with letters or digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        const normalized = normalizeCompanyName(name);
        if (/[\p{L}\p{N}]/u.test(name.normalize('NFKD').replace(/\p{M}/gu, '')))
          expect(normalized).not.toBe('');
        expect(normalizeCompanyName(normalized)).toBe(normalized);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('matchAccount (SPEC M1)', () => {
  it('finds a single company with the same normalized name', () => {
    const result = matchAccount('Acme Inc.', companies('ACME, Incorporated', 'Acme Dental', 'Globex'));
    expect(result).toMatchObject({ outcome: 'found', company: { id: '1' }, candidates: [{ score: 1 }] });
    expect(result.candidates[0]?.reason).toBe('same name after normalization');
  });

  it('answers multiple, never a guess, when two companies normalize alike', () => {
    const result = matchAccount('Acme', companies('Acme Inc', 'Acme Ltd', 'Globex'));
    expect(result.outcome).toBe('multiple');
    expect(result.company).toBeUndefined();
    expect(result.candidates.map((candidate) => candidate.company.id)).toEqual(['1', '2']);
  });

  it('finds a clear typo, but not when the numbers differ or the name is short', () => {
    expect(matchAccount('Vandelay Industres', companies('Vandelay Industries LLC', 'Globex')).outcome).toBe(
      'found',
    );
    expect(matchAccount('Acme Dental 12', companies('Acme Dental 13')).outcome).toBe('none');
    expect(matchAccount('Acne', companies('Acme')).outcome).toBe('none');
  });

  it('answers multiple when several companies are about as close', () => {
    const result = matchAccount(
      'Stark Industries',
      companies('Stark Industrie', 'Stark Industriess', 'Wayne'),
    );
    expect(result.outcome).toBe('multiple');
    expect(result.candidates).toHaveLength(2);
  });

  it('answers none with the closest suggestions, each with a score and a reason', () => {
    const result = matchAccount('Acme Dental', companies('Acme Dentistry Group', 'Globex'));
    expect(result.outcome).toBe('none');
    expect(result.candidates[0]).toMatchObject({
      company: { id: '1' },
      reason: expect.stringContaining('closest'),
    });
    expect(result.candidates[0]?.score).toBeLessThan(0.95);
    expect(matchAccount('Zzyzx', companies('Acme')).candidates).toEqual([]);
  });

  it('treats names that differ only in spacing as the same', () => {
    expect(matchAccount('BlackMesa', companies('Black Mesa Inc'))).toMatchObject({
      outcome: 'found',
      candidates: [{ reason: 'same name apart from spacing' }],
    });
  });
});

describe('createCompanyIndex', () => {
  const list = companies(
    'Acme Corporation',
    'Acme Dental',
    'Globex B.V.',
    'Initech LLC',
    'Initech Ltd',
    'Vandelay Industries',
    'Nordlicht Logistik GmbH',
    'Kowalski Budownictwo Sp',
  );
  const index = createCompanyIndex(list);

  it('gives the same outcomes as matchAccount', () => {
    for (const name of [
      'Acme Corp',
      'Globex BV',
      'Initech',
      'Vandelay Industres',
      'Nordlict Logistik',
      'Unknown Co',
      'Acme',
    ]) {
      const direct = matchAccount(name, list);
      const indexed = index.match(name);
      expect([name, indexed.outcome, indexed.company?.id]).toEqual([
        name,
        direct.outcome,
        direct.company?.id,
      ]);
    }
  });

  it('finds typos in the rarest word through deletion variants', () => {
    expect(index.match('Nordlihct Logistik GmbH')).toMatchObject({ outcome: 'found', company: { id: '7' } });
    expect(index.size).toBe(8);
  });
});

describe('bad input (SPEC M1)', () => {
  it('refuses an account name that is not text with VALIDATION, naming the field', () => {
    const account = { key: '1', name: 'Acme' };
    expect(() => matchAccount(account as unknown as string, [{ id: '1', name: 'Acme' }])).toThrow(
      expect.objectContaining({ code: 'VALIDATION', details: { field: 'accountName' } }),
    );
    expect(() => createCompanyIndex([]).match(undefined as unknown as string)).toThrow(/not undefined/);
  });
});
