import { displayNameFromEmail } from '@psa-bridge/core/email';
import { measure, ms } from './measure.js';

/**
 * Display names (SPEC E3) are derived for every contact without a name during import planning
 * and for every inbound email: 100,000 addresses, against a baseline that only splits strings.
 */
export async function benchDisplayNames(): Promise<void> {
  const emails = Array.from({ length: 100_000 }, (_, i) =>
    i % 3 === 0
      ? `first${i}.last${i}@example${i % 97}.com`
      : i % 3 === 1
        ? `f${i}@x.org`
        : `élodie.durand+${i}@exemple.fr`,
  );
  const baseline = await measure(() => {
    for (const email of emails) email.split('@')[0]?.split('.');
  });
  const real = await measure(() => {
    for (const email of emails) displayNameFromEmail(email);
  });
  console.log('display names: 100,000 addresses');
  console.log(
    `  displayNameFromEmail  median ${ms(real.medianMs)} (min ${ms(real.minMs)}, max ${ms(real.maxMs)})`,
  );
  console.log(`  split-only baseline   median ${ms(baseline.medianMs)}`);
  console.log(`  per address           ${((real.medianMs * 1000) / emails.length).toFixed(2)} µs`);
  console.log(`  ratio to baseline     ${(real.medianMs / Math.max(baseline.medianMs, 0.001)).toFixed(1)}x`);
}
