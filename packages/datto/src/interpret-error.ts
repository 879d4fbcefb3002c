import type { FailureInterpretation, HttpFailure } from '@psa-bridge/core/adapter';

/** Autotask's error texts (`{"errors": ["…"]}`), joined. */
export function autotaskErrorText(body: unknown): string {
  if (typeof body === 'string') return body;
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return '';
  return errors
    .map((entry) =>
      typeof entry === 'string' ? entry : String((entry as { message?: unknown })?.message ?? ''),
    )
    .join('; ');
}

/**
 * Autotask answers many failures with HTTP 500, so the text decides:
 * - `Itgenatr005` (thread threshold exceeded) may come on any status: retried with backoff;
 * - an unknown API user or integration code is a 500: `AUTHENTICATION`;
 * - "Zone information could not be determined": the user name is unknown, `AUTHENTICATION`;
 * - a query naming a field the entity lacks or cannot filter on: `VALIDATION`, not retried.
 * The exact wordings of the auth 500s are not documented; the patterns are kept loose and here.
 * @see https://github.com/apigrate/autotask-restapi (zone lookup before the first call; issue 19 on 500s for an unknown user or integration code)
 * @see https://ww1.autotask.net/help/DeveloperHelp/Content/APIs/General/ThreadLimiting.htm
 */
export function interpretAutotaskError(failure: HttpFailure): FailureInterpretation | undefined {
  const text = autotaskErrorText(failure.body);
  if (/itgenatr005|thread threshold/i.test(text)) return { retry: true };
  // A query the server cannot run (a field it lacks or cannot filter on) will not run on a retry.
  if (/unable to find .+ in the .+ entity|not queryable|is not valid for field/i.test(text)) {
    return { code: 'VALIDATION', message: `Autotask refused the query: ${text}` };
  }
  if (/zone information could not be determined/i.test(text)) {
    return { code: 'AUTHENTICATION', message: 'Autotask does not know this API user name' };
  }
  if (
    failure.status === 500 &&
    /integration code|user ?name|api user|not authori[sz]ed|authenticat/i.test(text)
  ) {
    return { code: 'AUTHENTICATION' };
  }
  return undefined;
}
