// Prints vitest's JSON reports (one per Node version) as the one line CI reads:
// "N passed, N failed[, N skipped]". A missing or unreadable report counts as one failure, and so
// does each failed check given as --extra-failed=N (like the packed-tarball smoke test).
import { readFileSync } from 'node:fs';

let passed = 0;
const args = process.argv.slice(2);
const extra = args.find((arg) => arg.startsWith('--extra-failed='));
let failed = Number(extra?.split('=')[1] ?? 0) || 0;
let skipped = 0;
for (const file of args.filter((arg) => !arg.startsWith('--'))) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  // Suites that failed to load count as failures too, so a broken import never reads as green.
  failed +=
    (report.numFailedTests ?? 0) +
    (report.numFailedTestSuites ?? 0) -
    countFailedSuitesWithFailedTests(report);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);

function countFailedSuitesWithFailedTests(data) {
  return (data.testResults ?? []).filter(
    (suite) =>
      suite.status === 'failed' && (suite.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
}
