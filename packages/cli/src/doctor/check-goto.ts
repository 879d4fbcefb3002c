import { type GotoClient, isPsaBridgeError } from '@psa-bridge/core';
import { gotoAdvice, guideOf } from './advice.js';
import type { DoctorStep } from './doctor-step.js';

/** The GoTo steps: credentials set, consent (a token from the refresh token) with the accounts, licenses. */
export async function checkGoto(
  missing: readonly string[],
  open: () => Promise<GotoClient>,
): Promise<DoctorStep[]> {
  const step = (
    id: string,
    title: string,
    status: DoctorStep['status'],
    extra: Partial<DoctorStep> = {},
  ): DoctorStep => ({ vendor: 'goto', step: id, title, status, ...extra });
  const CREDENTIALS = 'the OAuth client and refresh token are set';
  const CONSENT = 'the consent works: a token, and the partner’s customer accounts';
  const LICENSES = 'read the licenses of an account';
  if (missing.length > 0) {
    return [
      step('credentials', CREDENTIALS, 'fail', {
        reason: 'CONFIGURATION',
        detail: `missing ${missing.join(', ')}`,
        fix: `Set ${missing.join(', ')}. The refresh token comes from the consent step: ${guideOf('goto')}.`,
      }),
      step('consent', CONSENT, 'skipped'),
      step('licenses', LICENSES, 'skipped'),
    ];
  }
  const steps = [step('credentials', CREDENTIALS, 'pass')];
  const failure = (id: string, title: string, error: unknown) => {
    const code = isPsaBridgeError(error) ? error.code : 'INTERNAL';
    return step(id, title, 'fail', {
      reason: code,
      detail: error instanceof Error ? error.message : String(error),
      fix: gotoAdvice(code),
    });
  };
  let client: GotoClient;
  let accounts: Awaited<ReturnType<GotoClient['listAccounts']>>;
  try {
    client = await open();
    accounts = await client.listAccounts();
  } catch (error) {
    return [...steps, failure('consent', CONSENT, error), step('licenses', LICENSES, 'skipped')];
  }
  steps.push(step('consent', CONSENT, 'pass', { detail: `${accounts.length} accounts` }));
  const [first] = accounts;
  if (!first) {
    steps.push(
      step('licenses', LICENSES, 'skipped', {
        detail: 'no accounts: the admin who consented manages no customer accounts',
      }),
    );
    return steps;
  }
  try {
    const licenses = await client.listLicenses(first.key);
    steps.push(
      step('licenses', LICENSES, 'pass', { detail: `${licenses.length} licenses on the first account` }),
    );
  } catch (error) {
    steps.push(failure('licenses', LICENSES, error));
  }
  return steps;
}
