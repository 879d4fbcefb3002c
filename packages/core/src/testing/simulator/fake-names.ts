/** Deterministic fake data for simulators and benchmarks: realistic, never real. */

const PREFIXES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Blue Sun',
  'Nakatomi',
  'Monarch',
  'Pied Piper',
  'Aperture',
  'Black Mesa',
  'Duff',
  'Krusty',
  'Sirius',
  'Dunder',
  'Bluth',
  'Prestige',
  'Ollivander',
  'Zorg',
  'Weyland',
  'Massive',
  'Nordlicht',
  'Van der Berg',
  'De Vries',
  'Müller',
  'Østergaard',
  'Société Générale de',
  'Żabka',
  'García',
  'Lindqvist',
  "O'Neill",
  'Schröder',
  'Brouwer',
  'Janssen',
  'Kowalski',
  'Rossi',
  'Dubois',
];
/** Industry words of fake company names. */
export const FAKE_INDUSTRIES: readonly string[] = [
  'Logistics',
  'Dental',
  'Legal',
  'Engineering',
  'Bakery',
  'Consulting',
  'Holdings',
  'Media',
  'Systems',
  'Foods',
  'Transport',
  'Clinic',
  'Architects',
  'Accountants',
  'Motors',
  'Insurance',
  'Hotels',
  'Pharma',
  'Robotics',
  'Textiles',
  'Construction',
  'Brewery',
  'Travel',
  'Energy',
  'Software',
  'Labs',
  'Design',
  'Studio',
];
const MIDDLES = [
  ...FAKE_INDUSTRIES,
  '& Sons',
  'and Partners',
  '& Co',
  'Industries',
  'Solutions',
  'Services',
  'Group',
  'Partners',
  'Trading',
  'Capital',
];
const LEGAL_FORMS = [
  'Inc',
  'Inc.',
  'LLC',
  'Ltd',
  'Limited',
  'Corp',
  'Corporation',
  'Co',
  'PLC',
  'Pty Ltd',
  'GmbH',
  'AG',
  'KG',
  'B.V.',
  'BV',
  'N.V.',
  'S.A.',
  'SAS',
  'SARL',
  'S.r.l.',
  'SpA',
  'Oy',
  'AB',
  'AS',
  'ApS',
  '',
  '',
  '',
  '',
];
const FIRST_NAMES = [
  'Claire',
  'John',
  'Mary',
  'Ahmed',
  'Sofia',
  'Liam',
  'Noah',
  'Emma',
  'Olivia',
  'Lucas',
  'Mia',
  'Élodie',
  'Jürgen',
  'Søren',
  'Zoë',
  'Mateo',
  'Aisha',
  'Chen',
  'Priya',
  'Kenji',
  'Fatima',
  'Oscar',
  'Ines',
  'Jan',
];
const LAST_NAMES = [
  'Johnson',
  'Smith',
  'de Vries',
  'Müller',
  'García',
  "O'Brien",
  'Nguyen',
  'Kowalski',
  'Rossi',
  'Dubois',
  'Jansen',
  'Andersen',
  'Tanaka',
  'Okafor',
  'Silva',
  'Larsen',
  'Novak',
  'Horvat',
  'Cohen',
  'Haddad',
];

/** Picks an item with `random` (a function returning [0, 1)). */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** A company name like "Nordlicht Logistics GmbH"; `index` makes it unique. */
export function fakeCompanyName(random: () => number, index: number): string {
  const legal = pick(random, LEGAL_FORMS);
  const base = `${pick(random, PREFIXES)} ${pick(random, MIDDLES)} ${index}`;
  return legal ? `${base} ${legal}` : base;
}

/** A person with a first and last name. */
export function fakePerson(random: () => number): { firstName: string; lastName: string } {
  return { firstName: pick(random, FIRST_NAMES), lastName: pick(random, LAST_NAMES) };
}

/** A plausible email for a person at a company's domain, ASCII only. */
export function fakeEmail(firstName: string, lastName: string, domain: string, unique: number): string {
  const ascii = (text: string): string =>
    text
      .normalize('NFD')
      .replace(/[^\p{L}\p{N}]/gu, '')
      .replace(/[^a-zA-Z0-9]/g, '')
      .toLowerCase();
  return `${ascii(firstName)}.${ascii(lastName)}${unique}@${domain}`;
}

/** A domain for a company index. */
export function fakeDomain(index: number): string {
  return `company${index}.example`;
}
