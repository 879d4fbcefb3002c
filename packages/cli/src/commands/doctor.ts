import type { ConnectionTestFailure } from '@psa-bridge/core';
import { CliError } from '../cli-error.js';
import { checkGoto } from '../doctor/check-goto.js';
import { checkPsa } from '../doctor/check-psa.js';
import type { DoctorStep } from '../doctor/doctor-step.js';
import { EXIT, type ExitCode, exitCodeForErrorCode, exitCodeForReason } from '../exit-codes.js';
import type { GlobalOptions } from '../global-options.js';
import type { Output } from '../output/output.js';
import { openVendorsFor } from '../session.js';
import { openGoto } from '../setup/open-goto.js';
import { openStores } from '../setup/open-stores.js';
import { PSA_IDS, type PsaId } from '../setup/open-vendors.js';

const REASONS = new Set<string>([
  'AUTHENTICATION',
  'PERMISSION',
  'UNREACHABLE',
  'RATE_LIMITED',
  'UPSTREAM',
  'UNEXPECTED_RESPONSE',
]);

/** The exit code of the first failing step: its reason decides. */
export function doctorExitCode(steps: readonly DoctorStep[]): ExitCode {
  const failed = steps.find((step) => step.status === 'fail');
  if (!failed) return EXIT.ok;
  const reason = failed.reason ?? 'INTERNAL';
  if (reason === 'CONFIGURATION') return EXIT.configuration;
  if (REASONS.has(reason)) return exitCodeForReason(reason as ConnectionTestFailure['reason']);
  return exitCodeForErrorCode(reason);
}

const SYMBOL = { pass: '✓', fail: '✗', skipped: '–' } as const;

/**
 * `psa-bridge doctor`: checks each PSA that has credentials (or the one `--psa` names) and GoTo,
 * step by step, and prints what to fix for each failing step. Sends only reads.
 */
export async function doctor(options: GlobalOptions, output: Output): Promise<ExitCode> {
  const { env, vendors } = await openVendorsFor(options);
  try {
    const psas: PsaId[] = options.psa
      ? [options.psa as PsaId]
      : PSA_IDS.filter((id) => vendors.psas[id].credentials.state !== 'unset');
    if (options.psa && !(PSA_IDS as readonly string[]).includes(options.psa)) {
      throw new CliError('USAGE', `--psa must be one of ${PSA_IDS.join(', ')} (got "${options.psa}")`);
    }
    if (psas.length === 0) {
      throw new CliError(
        'CONFIGURATION',
        'No PSA credentials: set CW_SITE, CW_COMPANY_ID, CW_PUBLIC_KEY, CW_PRIVATE_KEY, CW_CLIENT_ID (ConnectWise), AUTOTASK_USERNAME, AUTOTASK_SECRET, AUTOTASK_INTEGRATION_CODE (Autotask) or HALO_URL, HALO_CLIENT_ID, HALO_CLIENT_SECRET (HaloPSA), in the environment or --vars-file; or try --demo',
      );
    }
    output.line(
      `psa-bridge doctor (${vendors.mode === 'demo' ? 'the demo world' : 'vendors from the environment'})`,
    );
    const steps: DoctorStep[] = [];
    for (const psa of psas) steps.push(...report(output, await checkPsa(psa, vendors.psas[psa])));
    const opened = await openStores(
      options.store ?? env.PSA_BRIDGE_STORE?.trim() ?? 'memory',
      env,
      options.tenant ?? 'default',
    );
    try {
      const auth = vendors.goto.auth;
      steps.push(
        ...report(
          output,
          await checkGoto(auth.state === 'set' ? [] : auth.missing, () =>
            openGoto(vendors.goto, opened.stores, opened.kind !== 'memory', output.note),
          ),
        ),
      );
    } finally {
      await opened.close();
    }
    const code = doctorExitCode(steps);
    const failed = steps.filter((step) => step.status === 'fail').length;
    output.line();
    output.line(
      failed === 0
        ? 'All checks passed.'
        : `${failed} check${failed === 1 ? '' : 's'} failed (exit code ${code}).`,
    );
    output.result({ ok: failed === 0, exitCode: code, steps });
    return code;
  } finally {
    await vendors.close();
  }
}

function report(output: Output, steps: readonly DoctorStep[]): readonly DoctorStep[] {
  const [first] = steps;
  if (first) output.line(`\n${first.vendor}`);
  for (const step of steps) {
    output.line(`  ${SYMBOL[step.status]} ${step.title}${step.detail ? `: ${step.detail}` : ''}`);
    if (step.fix) output.line(`      fix: ${step.fix}`);
  }
  return steps;
}
