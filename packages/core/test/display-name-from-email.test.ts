import { isPsaBridgeError } from '@psa-bridge/core';
import { normalizeEmail, parseEmailAddress } from '@psa-bridge/core/adapter';
import { displayNameFromEmail } from '@psa-bridge/core/email';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('displayNameFromEmail: the article examples (SPEC E3)', () => {
  it.each([
    ['claire.johnson@myorg.org', 'Claire', 'Johnson', 'Claire Johnson'],
    ['c.johnson@myorg.org', 'C', 'Johnson', 'C Johnson'],
    ['clairejohnson@myorg.org', 'Clairejohnson', 'Clairejohnson', 'Clairejohnson Clairejohnson'],
  ])('%s gives %s / %s', (email, firstName, lastName, displayName) => {
    expect(displayNameFromEmail(email)).toEqual({ firstName, lastName, displayName });
  });
});

describe('displayNameFromEmail: what the articles leave open (SPEC E3, documented choices)', () => {
  it.each([
    ['jan.van.dijk@x.nl', 'Jan', 'Van Dijk', 'several dots: the rest is the last name'],
    ['.claire..johnson.@x.org', 'Claire', 'Johnson', 'empty parts are skipped'],
    ['claire.johnson+billing@x.org', 'Claire', 'Johnson', 'a +tag is left out'],
    ['+billing@x.org', '+billing', '+billing', 'a local part that is only a tag is kept'],
    ['CLAIRE.JOHNSON@X.ORG', 'Claire', 'Johnson', 'all-caps parts are lowered first'],
    ['mcDonald.o@x.org', 'McDonald', 'O', 'mixed case is kept, first letter raised'],
    ['mary-jane.smith@x.org', 'Mary-Jane', 'Smith', 'hyphenated parts capitalised on each side'],
    ['élodie.durand@exemple.fr', 'Élodie', 'Durand', 'non-ASCII letters capitalised'],
    ['ßmith.x@x.de', 'ßmith', 'X', 'letters that grow when raised stay as they are'],
    ['"claire johnson"@x.org', 'Claire', 'Johnson', 'a quoted part splits on spaces too'],
    ['john_doe@x.org', 'John_doe', 'John_doe', 'underscores do not separate names'],
    ['  claire.johnson@x.org  ', 'Claire', 'Johnson', 'surrounding spaces are trimmed'],
  ])('%s gives %s / %s (%s)', (email, firstName, lastName) => {
    const name = displayNameFromEmail(email);
    expect([name.firstName, name.lastName]).toEqual([firstName, lastName]);
    expect(name.displayName).toBe(`${firstName} ${lastName}`);
  });

  it('keeps the tag when asked', () => {
    expect(displayNameFromEmail('claire+vip@x.org', { stripTag: false }).firstName).toBe('Claire+vip');
  });

  it('returns NFC text for decomposed input', () => {
    const decomposed = 'e\u0301lodie.durand@x.fr';
    expect(displayNameFromEmail(decomposed).firstName).toBe('Élodie'.normalize('NFC'));
  });
});

describe('displayNameFromEmail: an app rule', () => {
  it('uses the rule and trims its answer', () => {
    const name = displayNameFromEmail('jdoe@corp.example', {
      rule: (address) => ({
        firstName: ` ${address.localPart} `,
        lastName: address.domain.split('.')[0] ?? '',
      }),
    });
    expect(name).toEqual({ firstName: 'jdoe', lastName: 'corp', displayName: 'jdoe corp' });
  });

  it('refuses an empty name from the rule with CONFIGURATION', () => {
    expect(() =>
      displayNameFromEmail('a@b.example', { rule: () => ({ firstName: 'A', lastName: ' ' }) }),
    ).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION', message: expect.stringContaining('lastName') }),
    );
  });
});

describe('displayNameFromEmail: invalid addresses', () => {
  it.each([
    ['', 'it is empty'],
    ['claire.johnson', 'it has no @'],
    ['@myorg.org', 'the part before the @ is empty'],
    ['claire@', 'the part after the @ is empty'],
    ['claire johnson@myorg.org', 'has a character addresses cannot hold'],
    ['claire@my..org', 'the domain has an empty part'],
    ['claire@-bad.org', 'is not a valid host name'],
    ['...@myorg.org', 'only dots'],
    [`${'a'.repeat(65)}@x.org`, 'longer than 64 bytes'],
    ['"unterminated\\"@x.org', 'lone backslash'],
  ])('%j is refused: %s', (email, why) => {
    let caught: unknown;
    try {
      displayNameFromEmail(email);
    } catch (error) {
      caught = error;
    }
    expect(isPsaBridgeError(caught, 'VALIDATION')).toBe(true);
    expect((caught as Error).message).toContain(why);
  });
});

describe('displayNameFromEmail: properties', () => {
  it('never throws on a valid address and never returns an empty name', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const name = displayNameFromEmail(email);
        expect(name.firstName.trim()).not.toBe('');
        expect(name.lastName.trim()).not.toBe('');
        expect(name.displayName).toBe(`${name.firstName} ${name.lastName}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('only ever throws VALIDATION, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        try {
          const name = displayNameFromEmail(text);
          expect(name.firstName).not.toBe('');
        } catch (error) {
          expect(isPsaBridgeError(error, 'VALIDATION')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('splits dotted names into first and rest, capitalised', () => {
    const part = fc.stringMatching(/^[a-z]{1,10}$/);
    fc.assert(
      fc.property(fc.array(part, { minLength: 2, maxLength: 4 }), (parts) => {
        const name = displayNameFromEmail(`${parts.join('.')}@example.org`);
        const cap = (s: string) => s[0]?.toUpperCase() + s.slice(1);
        expect(name.firstName).toBe(cap(parts[0] ?? ''));
        expect(name.lastName).toBe(parts.slice(1).map(cap).join(' '));
      }),
    );
  });
});

describe('parseEmailAddress and normalizeEmail', () => {
  it('splits an address and lowers the domain', () => {
    expect(parseEmailAddress('Claire.Johnson+news@MyOrg.ORG')).toEqual({
      original: 'Claire.Johnson+news@MyOrg.ORG',
      localPart: 'Claire.Johnson+news',
      quoted: false,
      domain: 'myorg.org',
      tag: 'news',
      normalized: 'claire.johnson+news@myorg.org',
    });
  });

  it('accepts international addresses and address literals', () => {
    expect(parseEmailAddress('josé@bücher.de').domain).toBe('bücher.de');
    expect(parseEmailAddress('root@[192.0.2.1]').domain).toBe('[192.0.2.1]');
  });

  it('normalizes for comparison, or gives undefined for an invalid address', () => {
    expect(normalizeEmail(' Bob@Example.COM ')).toBe('bob@example.com');
    expect(normalizeEmail('nope')).toBeUndefined();
  });
});
