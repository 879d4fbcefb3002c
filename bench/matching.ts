import { connectwise } from '@psa-bridge/connectwise';
import { createConnectWiseFake } from '@psa-bridge/connectwise/fake';
import { type Company, createBridge } from '@psa-bridge/core';
import { createCompanyIndex, normalizeCompanyName } from '@psa-bridge/core/matching';
import { createMemoryGoto, seededRandom } from '@psa-bridge/core/testing';
import Fuse from 'fuse.js';
import { generateNameParts, nameOf, typoOf, variantOf } from './company-names.js';
import { measure, ms } from './measure.js';
import { slipDataSet } from './slip-names.js';
import { strangerDataSet } from './stranger-names.js';

/** The string and every one-letter deletion of it: two strings within one edit share one. */
function oneDeletion(text: string): string[] {
  const out = [text];
  for (let i = 0; i < text.length; i += 1) out.push(text.slice(0, i) + text.slice(i + 1));
  return out;
}

/** What an account should match: a company id, `multiple` or `none`. */
type Label = { readonly name: string; readonly expected: string };

const COMPANIES = 100_000;
const ACCOUNTS = 10_000;

/**
 * 100,000 companies; 10,000 accounts labelled by construction: other spellings of a company
 * (found), one typo (found), names two companies share (multiple), names no company has (none).
 */
export function dataSet() {
  const random = seededRandom(7);
  const parts = generateNameParts(COMPANIES + 2_000, 42);
  const companies: Company[] = parts
    .slice(0, COMPANIES)
    .map((p, i) => ({ id: String(i + 1), name: nameOf(p) }));
  // 600 companies get a twin written another way: both normalize alike, so "multiple" is right.
  const twins = new Set<number>();
  for (let i = 0; i < 600; i += 1) {
    const index = 1 + i * 97;
    twins.add(index);
    companies.push({ id: `twin-${index}`, name: variantOf(parts[index] as never, random) });
  }
  const labels: Label[] = [];
  const free = (i: number) => !twins.has(i);
  for (let i = 0; labels.length < 6_000; i += 1) {
    const index = (i * 13 + 5) % COMPANIES;
    if (free(index))
      labels.push({ name: variantOf(parts[index] as never, random), expected: String(index + 1) });
  }
  for (let i = 0; labels.length < 7_500; i += 1) {
    const index = (i * 31 + 11) % COMPANIES;
    if (free(index))
      labels.push({ name: typoOf(parts[index] as never, random), expected: String(index + 1) });
  }
  for (const index of [...twins].slice(0, 1_000))
    labels.push({ name: nameOf(parts[index] as never), expected: 'multiple' });
  // An absent name one edit away from a real company (Mustax Pharma, Moustax Pharma) cannot be
  // told from a typo by any rule that sees only names: its label would be a guess, so such names
  // are left out (checked by brute force over one-letter deletions, independently of the matcher).
  const nearby = new Set<string>();
  for (const company of companies)
    for (const variant of oneDeletion(normalizeCompanyName(company.name))) nearby.add(variant);
  // A name no company has may still be held, word for word, by a longer company name: by the
  // documented rule (SPEC M1) that is a match, so such names are labelled by brute force over the
  // words of every company, independently of the matcher.
  const byWord = new Map<string, string[]>();
  const normalizedNames = companies.map((company) => normalizeCompanyName(company.name));
  normalizedNames.forEach((name, i) => {
    for (const word of new Set(name.split(' '))) {
      const holders = byWord.get(word);
      if (holders) holders.push(String(i));
      else byWord.set(word, [String(i)]);
    }
  });
  const holdersOf = (name: string): string[] => {
    const words = normalizeCompanyName(name).split(' ');
    const [first, ...rest] = words;
    return (byWord.get(first ?? '') ?? []).filter((i) =>
      rest.every((word) => ` ${normalizedNames[Number(i)]} `.includes(` ${word} `)),
    );
  };
  let ambiguous = 0;
  let contained = 0;
  for (const absent of parts.slice(COMPANIES)) {
    if (labels.length >= ACCOUNTS) break;
    const name = nameOf(absent);
    if (oneDeletion(normalizeCompanyName(name)).some((variant) => nearby.has(variant))) {
      ambiguous += 1;
      continue;
    }
    const holders = holdersOf(name);
    if (holders.length > 0) contained += 1;
    const [only] = holders;
    const expected =
      holders.length > 1 ? 'multiple' : only !== undefined ? (companies[Number(only)]?.id ?? 'none') : 'none';
    labels.push({ name, expected });
  }
  return { companies, labels, ambiguous, contained };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * Heap an index holds: measured with the index alive and again after dropping it, each after
 * full collections, so garbage left by earlier benchmarks cannot make the figure negative.
 */
async function heapOfIndex(companies: Parameters<typeof createCompanyIndex>[0]): Promise<number> {
  const settle = async (): Promise<number> => {
    for (let i = 0; i < 3; i += 1) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Typed arrays live outside the JavaScript heap: count them too.
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  let index: ReturnType<typeof createCompanyIndex> | undefined = createCompanyIndex(companies);
  const withIndex = await settle();
  if (index.size === 0) throw new Error('empty index');
  index = undefined;
  return withIndex - (await settle());
}

/**
 * The baseline: a plain exact join on normalized names (normalize every company into a map,
 * normalize every account and look it up). No matcher can be faster than what it must at least
 * do; the index is measured against it in the same run.
 */
function exactJoin(companies: readonly Company[], labels: readonly { readonly name: string }[]): number {
  const byName = new Map<string, string[]>();
  for (const company of companies) {
    const key = normalizeCompanyName(company.name);
    const list = byName.get(key);
    if (list) list.push(company.id);
    else byName.set(key, [company.id]);
  }
  let found = 0;
  for (const label of labels) if (byName.get(normalizeCompanyName(label.name))?.length === 1) found += 1;
  return found;
}

/** Prints the matching figures of issue 6. */
export async function benchMatching(): Promise<void> {
  const { companies, labels, ambiguous, contained } = dataSet();
  const indexHeap = await heapOfIndex(companies);
  let index = createCompanyIndex(companies);
  // Build and match timed separately within the same five runs (after one warm-up run).
  const builds: number[] = [];
  const matches: number[] = [];
  const joins: number[] = [];
  for (let run = 0; run < 6; run += 1) {
    // The baseline and the index alternate in each run, so machine noise hits both alike.
    const joinStart = performance.now();
    if (exactJoin(companies, labels) === 0) throw new Error('the exact join found nothing');
    if (run > 0) joins.push(performance.now() - joinStart);
    const start = performance.now();
    index = createCompanyIndex(companies);
    const built = performance.now();
    for (const label of labels) index.match(label.name);
    if (run > 0) {
      builds.push(built - start);
      matches.push(performance.now() - built);
    }
  }
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const totals = builds.map((build, i) => build + (matches[i] ?? 0));
  const run = { medianMs: median(totals), minMs: Math.min(...totals), maxMs: Math.max(...totals) };

  let wrongFound = 0;
  let wrongSafe = 0;
  let partialFound = 0;
  let expectedFound = 0;
  let correctFound = 0;
  const outcomes = { found: 0, none: 0, multiple: 0 };
  const byKind = { multipleRight: 0, multipleTotal: 0, noneRight: 0, noneTotal: 0 };
  for (const label of labels) {
    const result = index.match(label.name);
    outcomes[result.outcome] += 1;
    const isId = label.expected !== 'multiple' && label.expected !== 'none';
    if (isId) expectedFound += 1;
    if (result.outcome === 'found') {
      if (result.confidence === 'partial') partialFound += 1;
      if (result.company?.id === label.expected) correctFound += 1;
      else {
        wrongFound += 1;
        if (result.safe) wrongSafe += 1;
      }
    }
    if (label.expected === 'multiple') {
      byKind.multipleTotal += 1;
      if (result.outcome === 'multiple') byKind.multipleRight += 1;
    }
    if (label.expected === 'none') {
      byKind.noneTotal += 1;
      if (result.outcome === 'none') byKind.noneRight += 1;
    }
  }

  // Brute force baseline: fuse.js scanning all companies for each account, on a sample.
  const sample = labels.filter((_, i) => i % 1000 === 0);
  const fuse = new Fuse(companies, {
    keys: ['name'],
    includeScore: true,
    threshold: 0.3,
    ignoreLocation: true,
  });
  const fuseRun = await measure(() => {
    for (const label of sample) fuse.search(label.name, { limit: 5 });
  }, 1);
  const fuseExtrapolated = (fuseRun.medianMs / sample.length) * labels.length;

  console.log(
    `matching: ${labels.length.toLocaleString('en')} accounts against ${companies.length.toLocaleString('en')} companies`,
  );
  console.log(
    `  index build + every match  median ${ms(run.medianMs)} (min ${ms(run.minMs)}, max ${ms(run.maxMs)}), target < 1000 ms`,
  );
  console.log(`  index build / matching     median ${ms(median(builds))} / ${ms(median(matches))}`);
  const ratios = totals.map((total, i) => total / (joins[i] ?? total));
  console.log(
    `  plain exact join           median ${ms(median(joins))}; index build + matching is ${median(ratios).toFixed(2)}x of it (median of per-run ratios, target ≤ 1.5x)`,
  );
  console.log(`  index heap                 ${mb(indexHeap)}; process rss ${mb(process.memoryUsage().rss)}`);
  console.log(
    `  outcomes                   found ${outcomes.found}, multiple ${outcomes.multiple}, none ${outcomes.none}`,
  );
  console.log(`  wrong found                ${wrongFound} (target 0), of them safe to save: ${wrongSafe}`);
  console.log(
    `  partial found              ${partialFound} (confidence partial: never saved without a person); ${contained} absent names are held word for word by a longer name`,
  );
  console.log(
    `  recall of found            ${((correctFound / expectedFound) * 100).toFixed(2)}% (${correctFound}/${expectedFound}, target ≥ 95%)`,
  );
  console.log(
    `  multiple where expected    ${byKind.multipleRight}/${byKind.multipleTotal}; none where expected ${byKind.noneRight}/${byKind.noneTotal}`,
  );
  console.log(
    `  left out of the labels     ${ambiguous} absent names one edit from a real company (a typo or not: no name-only rule can tell)`,
  );
  console.log(
    `  fuse.js brute force        ${ms(fuseRun.medianMs / sample.length)} per account on a sample of ${sample.length}, about ${ms(fuseExtrapolated)} for all`,
  );
  console.log(
    `  speed-up over fuse.js      ${(fuseExtrapolated / run.medianMs).toFixed(0)}x (target ≥ 1000x)`,
  );
}

/**
 * The same measure on the second generator (`stranger-names.ts`, written apart from the first):
 * index build and every match against the plain join, in the same runs (one warm-up, then at
 * least five), and the quality figures of issue 29: wrong `found`, true pairs found on the right
 * company, `multiple` with the right company among the candidates, and the slips found.
 */
export async function benchMatchingStranger(runs = 7): Promise<void> {
  const { companies, labels } = strangerDataSet();
  const totals: number[] = [];
  const joins: number[] = [];
  let index = createCompanyIndex(companies);
  for (let run = 0; run <= runs; run += 1) {
    const joinStart = performance.now();
    if (exactJoin(companies, labels) === 0) throw new Error('the exact join found nothing');
    const joined = performance.now() - joinStart;
    const start = performance.now();
    index = createCompanyIndex(companies);
    for (const label of labels) index.match(label.name);
    const elapsed = performance.now() - start;
    if (run > 0) {
      joins.push(joined);
      totals.push(elapsed);
    }
  }
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const ratios = totals.map((total, i) => total / (joins[i] ?? total));
  let wrongFound = 0;
  let rightFound = 0;
  let rightAmongMultiple = 0;
  let pairs = 0;
  let slips = 0;
  let slipsFound = 0;
  for (const label of labels) {
    const result = index.match(label.name);
    if (label.expected === 'none') {
      if (result.outcome === 'found') wrongFound += 1;
      continue;
    }
    pairs += 1;
    if (label.slip) slips += 1;
    if (result.outcome === 'found') {
      if (result.company.id === label.expected) {
        rightFound += 1;
        if (label.slip) slipsFound += 1;
      } else wrongFound += 1;
    } else if (
      result.outcome === 'multiple' &&
      result.candidates.some((c) => c.company.id === label.expected)
    ) {
      rightAmongMultiple += 1;
    }
  }
  const percent = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)}%`;
  console.log(
    `matching, second generator: ${labels.length.toLocaleString('en')} accounts against ${companies.length.toLocaleString('en')} companies (shared trade words, 17 legal forms, &/and, "The", accents, spacing, swapped letters)`,
  );
  console.log(
    `  index build + every match  median ${ms(median(totals))}; plain exact join median ${ms(median(joins))}; ratio ${median(ratios).toFixed(2)}x (median of ${runs} per-run ratios, target ≤ 1.5x)`,
  );
  console.log(`  wrong found                ${wrongFound} (target 0)`);
  console.log(
    `  true pairs                 found on the right company ${percent(rightFound, pairs)}; multiple with it among the candidates ${percent(rightAmongMultiple, pairs)} (of ${pairs})`,
  );
  console.log(`  swapped-letter slips found ${slipsFound} of ${slips}`);
}

/**
 * The third generator (`slip-names.ts`: 30 trade words, 40 legal forms, native accents, one-letter
 * slips in 40% of the accounts, absent names of real words): the index build and every match
 * against the plain join in the same runs, as the cost of matching from a fresh list, and the
 * matching alone once the index is built (as the read model keeps it per copy).
 */
export async function benchMatchingSlips(runs = 5): Promise<void> {
  const { companies, labels } = slipDataSet();
  const totals: number[] = [];
  const matches: number[] = [];
  const joins: number[] = [];
  let index = createCompanyIndex(companies);
  for (let run = 0; run <= runs; run += 1) {
    const joinStart = performance.now();
    if (exactJoin(companies, labels) === 0) throw new Error('the exact join found nothing');
    const joined = performance.now() - joinStart;
    const start = performance.now();
    index = createCompanyIndex(companies);
    const built = performance.now();
    for (const label of labels) index.match(label.name);
    const end = performance.now();
    if (run > 0) {
      joins.push(joined);
      totals.push(end - start);
      matches.push(end - built);
    }
  }
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  let wrongFound = 0;
  let rightFound = 0;
  let pairs = 0;
  let slips = 0;
  let slipsFound = 0;
  for (const label of labels) {
    const result = index.match(label.name);
    if (label.expected === 'none') {
      if (result.outcome === 'found') wrongFound += 1;
      continue;
    }
    pairs += 1;
    if (label.slip) slips += 1;
    if (result.outcome !== 'found') continue;
    if (result.company.id !== label.expected) wrongFound += 1;
    else {
      rightFound += 1;
      if (label.slip) slipsFound += 1;
    }
  }
  const ratio = (values: number[]) =>
    median(values.map((value, i) => value / (joins[i] ?? value))).toFixed(2);
  console.log(
    `matching, third generator: ${labels.length.toLocaleString('en')} accounts against ${companies.length.toLocaleString('en')} companies (30 trade words, 40 legal forms, native accents, one-letter slips in 40%, absent names of real words)`,
  );
  console.log(
    `  index build + every match  median ${ms(median(totals))}; plain exact join median ${ms(median(joins))}; ratio ${ratio(totals)}x (median of ${runs} per-run ratios)`,
  );
  console.log(
    `  matching alone (index kept) median ${ms(median(matches))}: ${ratio(matches)}x the join (the read model keeps the index per copy)`,
  );
  console.log(
    `  wrong found                ${wrongFound}; true pairs found on the right company ${((rightFound / pairs) * 100).toFixed(1)}%; one-letter slips found ${slipsFound} of ${slips}`,
  );
}

/** Prints the requests autoMapAll makes against the ConnectWise simulator over loopback. */
export async function benchAutoMap(): Promise<void> {
  const { companies, labels } = dataSet();
  const fake = createConnectWiseFake({ companies: 0, seed: 1 });
  fake.data.companies = companies.slice(0, COMPANIES).map((company, i) => ({
    id: i + 1,
    identifier: `C${i + 1}`,
    name: company.name,
    status: { id: 1, name: 'Active' },
    types: [{ id: 1, name: 'Client' }],
    phoneNumber: '',
    website: null,
    deletedFlag: false,
    dateDeleted: null,
    _info: {},
  }));
  const server = await fake.listen();
  try {
    const goto = createMemoryGoto({ accounts: labels.map((label) => ({ name: label.name })) });
    const bridge = createBridge({ providers: [connectwise()], goto: goto.client() });
    const saved = await bridge.connections.testAndSave({
      providerId: 'connectwise',
      product: 'resolve',
      credentials: server.credentials,
    });
    if (!saved.saved) throw new Error(saved.failure.message);
    const before = fake.host.stats.requests;
    const started = performance.now();
    const report = await bridge.mappings.autoMapAll(saved.connection.id, { dryRun: true });
    const elapsed = performance.now() - started;
    const requests = fake.host.stats.requests - before;
    console.log(
      `autoMapAll: ${labels.length.toLocaleString('en')} accounts, ${COMPANIES.toLocaleString('en')} companies, ConnectWise simulator over loopback`,
    );
    console.log(
      `  PSA requests               ${requests} (statuses + ${requests - 1} pages of 1000; not one per account)`,
    );
    console.log(
      `  wall time                  ${ms(elapsed)}; found ${report.totals.found}, multiple ${report.totals.multiple}, none ${report.totals.none}`,
    );
  } finally {
    await server.close();
  }
}
