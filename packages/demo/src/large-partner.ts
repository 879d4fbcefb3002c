/**
 * The demo world's large partner (behind `createDemoWorld({ largePartner })`): thousands of GoTo
 * accounts with plausible, distinct, deterministic names, and ConnectWise companies for every
 * other one, so paging, search, filters and auto-map can be tried at a real partner's size.
 */

const FIRST = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Wingtip',
  'Litware',
  'Proseware',
  'Adatum',
  'Lucerne',
  'Margie',
  'Humongous',
  'Alpine',
  'Coho',
  'Fourth',
  'Graphic',
  'Trey',
  'Woodgrove',
  'Blue Yonder',
  'Southridge',
  'Wide World',
  'Datum',
  'Relecloud',
  'Munson',
  'Bellows',
];
const SECOND = [
  'Holding',
  'Systems',
  'Partners',
  'Logistics',
  'Dental',
  'Legal',
  'Media',
  'Bouw',
  'Zorg',
  'Techniek',
  'Accountants',
  'Transport',
  'Solutions',
  'Retail',
  'Foods',
  'Clinic',
];

/** The account names of a large partner of `count` accounts, in GoTo's order. */
export function largePartnerNames(count: number): string[] {
  const names: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const first = FIRST[n % FIRST.length] as string;
    const second = SECOND[Math.floor(n / FIRST.length) % SECOND.length] as string;
    names.push(`${first} ${second} ${String(n + 1).padStart(4, '0')}`);
  }
  return names;
}

/** Whether the large partner's account `n` has a company of the same name in the PSA (every other one). */
export const hasCompany = (n: number): boolean => n % 2 === 0;
