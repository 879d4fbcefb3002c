/** A contact in the conformance seed. Emails are in the vendor's priority order (primary first). */
export interface SeedContact {
  /** First name. */
  readonly firstName: string;
  /** Last name. */
  readonly lastName: string;
  /** 0 to 3 addresses, primary first. */
  readonly emails: readonly string[];
  /** False for an inactive contact. */
  readonly active: boolean;
}

/** A company in the conformance seed. */
export interface SeedCompany {
  /** Company name. */
  readonly name: string;
  /** Name of its status: `Active` or `Inactive`. */
  readonly status: 'Active' | 'Inactive';
  /** Name of its one company type. */
  readonly type: 'Customer' | 'Prospect' | 'Vendor';
  /** Its contacts, in listing order. */
  readonly contacts: readonly SeedContact[];
}

/**
 * The data every PSA conformance harness loads into its backend, vendor-free. Load companies in
 * this order so the backend's ids ascend with it; statuses are named `Active` (active) and
 * `Inactive` (inactive); types `Customer`, `Prospect`, `Vendor`. Page sizes well under 120 make
 * the suite cross pages.
 */
export interface PsaConformanceSeed {
  /** The two statuses. */
  readonly statuses: readonly { readonly name: 'Active' | 'Inactive'; readonly inactive: boolean }[];
  /** The three company types. */
  readonly types: readonly { readonly name: 'Customer' | 'Prospect' | 'Vendor' }[];
  /** Companies, in listing (id) order. */
  readonly companies: readonly SeedCompany[];
}

const TYPES = ['Customer', 'Prospect', 'Vendor'] as const;

/** Names that break naive query building: quotes, wildcards, backslashes, parentheses, non-ASCII. */
export const TRICKY_COMPANY_NAMES: readonly string[] = [
  "O'Brien & Sons",
  'The "Quoted" Company',
  `Both 'Quotes' "Here" Inc`,
  '100% Percent Ltd',
  'Back\\Slash GmbH',
  'Ünïcode Café SARL',
  'Paren (Holdings) BV',
  'Under_Score and Sons',
];

/** The seed the PSA conformance suite uses: 120 companies, 6 contacts. */
export function psaConformanceSeed(): PsaConformanceSeed {
  const acme: SeedCompany = {
    name: 'Acme Corporation',
    status: 'Active',
    type: 'Customer',
    contacts: [
      {
        firstName: 'Claire',
        lastName: 'Johnson',
        emails: ['claire.johnson@acme.example', 'cj@acme.example'],
        active: true,
      },
      { firstName: 'Bob', lastName: 'Stone', emails: ['bob.stone@acme.example'], active: false },
      { firstName: 'Dana', lastName: 'Noemail', emails: [], active: true },
      {
        firstName: 'Eve',
        lastName: 'Three',
        emails: ['eve@acme.example', 'eve.three@acme.example', 'e3@acme.example'],
        active: true,
      },
    ],
  };
  const tricky = TRICKY_COMPANY_NAMES.map(
    (name, index): SeedCompany => ({
      name,
      status: index % 3 === 2 ? 'Inactive' : 'Active',
      type: TYPES[index % 3] ?? 'Customer',
      contacts:
        index === 0
          ? [{ firstName: 'Liam', lastName: "O'Brien", emails: ['liam@obrien.example'], active: true }]
          : [],
    }),
  );
  const filler = Array.from({ length: 120 - 1 - tricky.length }, (_, i): SeedCompany => {
    const number = String(i + 10).padStart(3, '0');
    return {
      name: `Company ${number}`,
      status: i % 4 === 3 ? 'Inactive' : 'Active',
      type: TYPES[i % 3] ?? 'Customer',
      contacts:
        i === 0
          ? [{ firstName: 'Fill', lastName: 'Er', emails: ['fill@company010.example'], active: true }]
          : [],
    };
  });
  return {
    statuses: [
      { name: 'Active', inactive: false },
      { name: 'Inactive', inactive: true },
    ],
    types: TYPES.map((name) => ({ name })),
    companies: [acme, ...tricky, ...filler],
  };
}
