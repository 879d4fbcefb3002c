import { PsaBridgeError } from '@psa-bridge/core';
import { isHeaderSafe, isWellFormedText } from '@psa-bridge/core/adapter';
import { z } from 'zod';

/** Text that is present and can be URL-encoded (no lone surrogate). */
const text = (field: string) =>
  z
    .string({ error: `${field} must be text` })
    .min(1, `${field} is required`)
    .refine(isWellFormedText, `${field} holds a lone UTF-16 surrogate`);

/** The client credentials travel in a Basic header: no `:` in the id, nothing a header cannot carry. */
const clientFields = {
  clientId: text('clientId')
    .refine(
      (value) => !value.includes(':'),
      'clientId cannot hold ":" (it separates id and secret in Basic authentication)',
    )
    .refine(isHeaderSafe, 'clientId holds a line break, a control character or a character outside Latin-1'),
  clientSecret: text('clientSecret'),
};

const refreshAuth = z.object({ ...clientFields, refreshToken: text('refreshToken') });

/**
 * Checks GoTo client credentials before anything is sent. Messages name the field, never the value.
 *
 * @throws PsaBridgeError `CONFIGURATION` naming every bad field.
 */
export function checkClientCredentials(
  where: string,
  input: { readonly clientId?: unknown; readonly clientSecret?: unknown; readonly refreshToken?: unknown },
  withRefreshToken: boolean,
): void {
  const schema = withRefreshToken ? refreshAuth : z.object(clientFields);
  const result = schema.safeParse(input);
  if (result.success) return;
  const problems = result.error.issues.map((issue) => issue.message);
  throw new PsaBridgeError('CONFIGURATION', `${where}: ${problems.join('; ')}`, {
    details: { fields: result.error.issues.map((issue) => String(issue.path[0] ?? '')) },
  });
}
