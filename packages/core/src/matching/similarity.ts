let matchedScratchA = new Uint8Array(64);
let matchedScratchB = new Uint8Array(64);

/**
 * The most {@link jaroWinkler} can give two strings of these lengths, whatever their letters:
 * Jaro is at most `(m / a + m / b + 1) / 3` with `m` the shorter length, and Winkler's prefix
 * bonus adds at most 0.4 of what is left. Lets a caller skip scoring pairs that cannot reach a
 * threshold.
 */
export function jaroWinklerBound(lengthA: number, lengthB: number): number {
  if (lengthA === 0 || lengthB === 0) return lengthA === lengthB ? 1 : 0;
  const shorter = Math.min(lengthA, lengthB);
  const jaro = (shorter / lengthA + shorter / lengthB + 1) / 3;
  return jaro + 0.4 * (1 - jaro);
}

/**
 * Jaro-Winkler similarity (0 to 1): suited to one-to-one matching of short names, rewarding a
 * shared start, and it does not treat "Acme" and "Acme Dental Acme" as equal as a token-set
 * ratio would.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  // Two scratch buffers, reused: matching many names must not allocate twice per pair.
  if (matchedScratchA.length < lengthA) matchedScratchA = new Uint8Array(lengthA * 2);
  if (matchedScratchB.length < lengthB) matchedScratchB = new Uint8Array(lengthB * 2);
  const matchedA = matchedScratchA;
  const matchedB = matchedScratchB;
  matchedA.fill(0, 0, lengthA);
  matchedB.fill(0, 0, lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i += 1) {
    const start = Math.max(0, i - window);
    const end = Math.min(lengthB, i + window + 1);
    for (let j = start; j < end; j += 1) {
      if (matchedB[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches += 1;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < lengthA; i += 1) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k += 1;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions += 1;
    k += 1;
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < lengthA && prefix < lengthB && a.charCodeAt(prefix) === b.charCodeAt(prefix))
    prefix += 1;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Optimal-string-alignment edit distance (insert, delete, substitute, swap neighbours), or
 * `limit + 1` as soon as it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previous2[j - 2] as number) + 1);
      }
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Whether `a` and `b` are at most one edit apart (insert, delete, substitute, or swap
 * neighbours): `editDistance(a, b, 1) <= 1`, in one pass and without allocating.
 */
export function withinOneEdit(a: string, b: string): boolean {
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > 1) return false;
  let i = 0;
  const shorter = Math.min(lengthA, lengthB);
  while (i < shorter && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  if (i === shorter) return true; // equal, or one extra letter at the end
  const sameFrom = (x: string, fromX: number, y: string, fromY: number): boolean => {
    if (x.length - fromX !== y.length - fromY) return false;
    for (let k = 0; fromX + k < x.length; k += 1) {
      if (x.charCodeAt(fromX + k) !== y.charCodeAt(fromY + k)) return false;
    }
    return true;
  };
  if (lengthA === lengthB) {
    if (sameFrom(a, i + 1, b, i + 1)) return true; // substituted
    return (
      i + 1 < lengthA &&
      a.charCodeAt(i) === b.charCodeAt(i + 1) &&
      a.charCodeAt(i + 1) === b.charCodeAt(i) &&
      sameFrom(a, i + 2, b, i + 2)
    ); // neighbours swapped
  }
  return lengthA > lengthB ? sameFrom(a, i + 1, b, i) : sameFrom(a, i, b, i + 1); // one letter more
}

/** The digit runs of a name, joined: names with different numbers are different companies. */
export function digitsOf(name: string): string {
  return (name.match(/\d+/g) ?? []).join(' ');
}

/** The kinds of slip that make a typo: two neighbouring letters swapped, one dropped, one doubled. */
export type TypoKind = 'swapped' | 'dropped' | 'doubled';

/**
 * How `typed` differs from `intended` if by exactly one typing slip: two neighbouring letters
 * swapped, one letter dropped, or one letter doubled; `undefined` otherwise. A different letter
 * (a substitution) is deliberately not a slip here: it is how many distinct company names
 * differ (Jewail and Jedail), so it never counts as a confident typo.
 */
export function typoKind(typed: string, intended: string): TypoKind | undefined {
  let i = 0;
  while (i < typed.length && i < intended.length && typed.charCodeAt(i) === intended.charCodeAt(i)) i += 1;
  if (typed.length === intended.length) {
    if (i >= typed.length - 1) return undefined;
    const swapped = typed[i] === intended[i + 1] && typed[i + 1] === intended[i];
    return swapped && typed.slice(i + 2) === intended.slice(i + 2) ? 'swapped' : undefined;
  }
  if (typed.length === intended.length - 1)
    return typed.slice(i) === intended.slice(i + 1) ? 'dropped' : undefined;
  if (typed.length === intended.length + 1 && typed.slice(i + 1) === intended.slice(i)) {
    const extra = typed[i];
    return extra === typed[i - 1] || extra === typed[i + 1] ? 'doubled' : undefined;
  }
  return undefined;
}
