import type { ErrorCode } from '@psa-bridge/core';
import type { FailureInterpretation, HttpFailure } from '@psa-bridge/core/adapter';

/** GoTo error codes (`{incidentId, errors: [{code, value}]}`) that say more than the status. */
const CODES: ReadonlyArray<readonly [RegExp, ErrorCode]> = [
  [/^not\.authenticated$/, 'AUTHENTICATION'],
  [/not\.found$/, 'NOT_FOUND'],
  [/conflict$/, 'CONFLICT'],
  // Seat exhaustion: GoTo's exact code is not documented; anything about seats is a conflict.
  [/seat/, 'CONFLICT'],
];

/** True for a GoTo code that says a license has no free seat (the wording is unconfirmed). */
export function isSeatCode(code: string | undefined): boolean {
  return code !== undefined && /seat/i.test(code);
}

/** The GoTo error codes in a failure body. */
export function gotoErrorCodes(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .map((entry) =>
      typeof entry === 'object' && entry !== null ? (entry as { code?: unknown }).code : undefined,
    )
    .filter((code): code is string => typeof code === 'string');
}

/** Reads GoTo's error codes into psa-bridge codes; the status decides otherwise. */
export function interpretGotoError(failure: HttpFailure): FailureInterpretation | undefined {
  const codes = gotoErrorCodes(failure.body);
  for (const code of codes) {
    for (const [pattern, mapped] of CODES) if (pattern.test(code)) return { code: mapped, vendorCode: code };
  }
  return codes[0] ? { vendorCode: codes[0] } : undefined;
}
