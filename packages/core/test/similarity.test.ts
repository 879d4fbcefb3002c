import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler, jaroWinklerBound, withinOneEdit } from '../src/matching/similarity.js';

/** Short strings over a small alphabet, so near pairs (one edit apart) come up often. */
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é'), maxLength: 9 });
/** A word and another one edit from it, or any other word. */
const pair = fc.oneof(
  fc.tuple(word, word),
  word.chain((a) =>
    fc.tuple(
      fc.constant(a),
      fc.oneof(
        fc.nat({ max: a.length }).map((i) => a.slice(0, i) + a.slice(i + 1)),
        fc.nat({ max: a.length }).map((i) => `${a.slice(0, i)}b${a.slice(i)}`),
        fc.nat({ max: a.length }).map((i) => `${a.slice(0, i)}c${a.slice(i + 1)}`),
        fc
          .nat({ max: Math.max(0, a.length - 2) })
          .map((i) => a.slice(0, i) + (a[i + 1] ?? '') + (a[i] ?? '') + a.slice(i + 2)),
      ),
    ),
  ),
);

describe('the fast similarity checks decide as the slow ones do', () => {
  it('withinOneEdit(a, b) is editDistance(a, b, 1) <= 1, for any pair', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(withinOneEdit(a, b)).toBe(editDistance(a, b, 1) <= 1);
      }),
      { numRuns: 5_000 },
    );
  });

  it('jaroWinklerBound never falls below jaroWinkler, so skipping by it skips nothing that counts', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(jaroWinklerBound(a.length, b.length) + 1e-9).toBeGreaterThanOrEqual(jaroWinkler(a, b));
      }),
      { numRuns: 5_000 },
    );
  });

  it('jaroWinkler gives the same score however many times it runs (its buffers are reused)', () => {
    expect([
      jaroWinkler('martha', 'marhta'),
      jaroWinkler('a'.repeat(200), 'a'.repeat(199)),
      jaroWinkler('martha', 'marhta'),
    ]).toEqual([
      jaroWinkler('martha', 'marhta'),
      jaroWinkler('a'.repeat(200), 'a'.repeat(199)),
      0.9611111111111111,
    ]);
  });
});
