import type { ConnectionTestFailure } from '@psa-bridge/core';
import { isPsaBridgeError } from '@psa-bridge/core';
import { USER_AGENT } from '../session.js';
import type { PsaId, PsaSetup } from '../setup/open-vendors.js';
import { guideOf, psaAdvice } from './advice.js';
import type { DoctorStep } from './doctor-step.js';

type TestStep = ConnectionTestFailure['step'];

const TEST_STEPS: Readonly<Record<PsaId, readonly (readonly [TestStep, string])[]>> = {
  connectwise: [
    ['reach', 'reach the site, find its API codebase and the company id'],
    ['authenticate', 'authenticate with the API member’s keys and the client id'],
    ['read-companies', 'read companies'],
    ['read-contacts', 'read contacts'],
  ],
  halo: [
    ['reach', 'reach the Halo instance and find its authorization server (authinfo)'],
    ['authenticate', 'get a token with the client id, secret and scope (and the tenant)'],
    ['read-companies', 'read customers'],
    ['read-contacts', 'read users'],
  ],
  datto: [
    ['reach', 'find the API user’s zone and reach it'],
    ['authenticate', 'authenticate with the API user, secret and integration code'],
    ['read-companies', 'read companies'],
    ['read-contacts', 'read contacts'],
  ],
};

/**
 * Checks one PSA step by step: the credentials' shape, then each step of its connection test
 * (reach with zone or codebase discovery, authentication, each read permission), then the status
 * and type lists the manual search filters on (M2).
 */
export async function checkPsa(psa: PsaId, setup: PsaSetup): Promise<DoctorStep[]> {
  const steps: DoctorStep[] = [];
  const later = (from: number) =>
    TEST_STEPS[psa]
      .slice(from)
      .map(([step, title]): DoctorStep => ({ vendor: psa, step, title, status: 'skipped' }));
  const filtersStep = (status: DoctorStep['status'], extra: Partial<DoctorStep> = {}): DoctorStep => ({
    vendor: psa,
    step: 'filters',
    title: 'read company statuses and types (the manual search filters)',
    status,
    ...extra,
  });

  const credentialsFailed = (detail: string, fix: string): DoctorStep[] => [
    {
      vendor: psa,
      step: 'credentials',
      title: 'credentials are set and well formed',
      status: 'fail',
      reason: 'CONFIGURATION',
      detail,
      fix,
    },
    ...later(0),
    filtersStep('skipped'),
  ];
  const credentials = setup.credentials;
  if (credentials.state !== 'set') {
    return credentialsFailed(
      `missing ${credentials.missing.join(', ')}`,
      `Set ${credentials.missing.join(', ')} in the environment or in --vars-file. Where each comes from: ${guideOf(psa)}.`,
    );
  }
  const parsed = setup.provider.credentials.safeParse(credentials.value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(all)'))];
    return credentialsFailed(
      `not well formed: ${fields.join(', ')}`,
      `Check ${fields.join(', ')}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}. ${guideOf(psa)}.`,
    );
  }
  steps.push({
    vendor: psa,
    step: 'credentials',
    title: 'credentials are set and well formed',
    status: 'pass',
  });

  const client = await setup.provider.connect(parsed.data, { userAgent: USER_AGENT });
  const result = await client.testConnection();
  if (!result.ok) {
    const failedAt = TEST_STEPS[psa].findIndex(([step]) => step === result.step);
    for (const [step, title] of TEST_STEPS[psa].slice(0, failedAt)) {
      steps.push({ vendor: psa, step, title, status: 'pass' });
    }
    const [step, title] = TEST_STEPS[psa][failedAt] ?? [result.step, result.step];
    steps.push({
      vendor: psa,
      step,
      title,
      status: 'fail',
      reason: result.reason,
      detail: result.message,
      fix: psaAdvice(psa, result.reason),
    });
    return [...steps, ...later(failedAt + 1), filtersStep('skipped')];
  }
  for (const [step, title] of TEST_STEPS[psa]) {
    const facts = result.facts;
    const detail =
      step === 'reach' && facts.serverVersion
        ? `version ${facts.serverVersion}`
        : step === 'authenticate' && facts.requestLimit !== undefined
          ? `${facts.requestsUsed ?? 0} of ${facts.requestLimit} requests used this hour`
          : undefined;
    steps.push({ vendor: psa, step, title, status: 'pass', ...(detail ? { detail } : {}) });
  }
  try {
    const [statuses, types] = await Promise.all([client.listCompanyStatuses(), client.listCompanyTypes()]);
    steps.push(filtersStep('pass', { detail: `${statuses.length} statuses, ${types.length} types` }));
  } catch (error) {
    const code = isPsaBridgeError(error) ? error.code : 'INTERNAL';
    steps.push(
      filtersStep('fail', {
        reason: code,
        detail: error instanceof Error ? error.message : String(error),
        fix:
          code === 'PERMISSION'
            ? `The search works without filters, but the role may not read the status and type lists: add the company setup tables to it. ${guideOf(psa)}.`
            : 'Try again; the connection itself works.',
      }),
    );
  }
  return steps;
}
