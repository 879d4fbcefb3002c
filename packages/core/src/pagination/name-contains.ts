/** Letter case and Unicode form set aside, as the manual search compares names (SPEC M2). */
const comparable = (text: string): string => text.normalize('NFC').toLocaleLowerCase('en-US');

/**
 * Whether `name` contains `fragment` literally, without regard to letter case (SPEC M2): `%`, `_`,
 * `[a-z]` and `*` are plain characters here. Adapters filter a vendor's `contains` results through
 * it, so a search is literal whatever the vendor's query language does with such characters.
 */
export function nameContains(name: string, fragment: string): boolean {
  const wanted = comparable(fragment.trim());
  return wanted === '' || comparable(name).includes(wanted);
}
