/**
 * Contacts written to break an import (SPEC I6): quoted local parts, case-only duplicates, a
 * user GoTo already holds in another letter case, names past GoTo's 32 characters that end in
 * emoji and combining accents, an email past GoTo's 128 characters, inactive duplicates,
 * invalid addresses and names with quotes and line breaks.
 */
export interface RawContact {
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly active: boolean;
}

/** The email GoTo already holds (in another letter case) before the import. */
export const PRE_EXISTING = 'PRE.Existing@Example.NET';

const longEmail = `${'l'.repeat(60)}@${'d'.repeat(50)}.${'e'.repeat(30)}.example`;

export const ADVERSARIAL_CONTACTS: readonly RawContact[] = [
  { firstName: null, lastName: null, email: '"Jane Q. Doe"@Example.org', active: true },
  { firstName: 'Jane', lastName: 'Again', email: '"jane q. doe"@example.ORG', active: true },
  { firstName: 'Case', lastName: 'Only', email: 'Case.Only@Example.com', active: true },
  { firstName: 'case', lastName: 'only', email: 'case.only@example.com', active: true },
  { firstName: 'Pre', lastName: 'Existing', email: 'pre.existing@example.net', active: true },
  {
    firstName: `Ёлка${'🎄'.repeat(20)}`,
    lastName: `Ange${'e\u0301'.repeat(20)}`,
    email: 'emoji.long@example.com',
    active: true,
  },
  { firstName: 'Zoë "Z"', lastName: 'O\\Brien\r\nX-Evil: 1', email: 'zoe.obrien@example.com', active: true },
  { firstName: 'Too', lastName: 'Long', email: longEmail, active: true },
  { firstName: 'Inactive', lastName: 'Twin', email: 'CASE.ONLY@example.com', active: false },
  { firstName: 'Gone', lastName: 'Away', email: 'gone.away@example.com', active: false },
  { firstName: 'Not', lastName: 'Email', email: 'not an email', active: true },
  { firstName: 'Double', lastName: 'At', email: 'a@b@example.com', active: true },
  { firstName: 'No', lastName: 'Mail', email: null, active: true },
  { firstName: 'Ünïcode', lastName: 'Nämé', email: 'U\u0308nicode@Example.com', active: true },
  { firstName: 'Ünïcode', lastName: 'Twin', email: '\u00dcnicode@example.com', active: true },
];
