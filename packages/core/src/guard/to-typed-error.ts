import { isPsaBridgeError } from '../errors/guards.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { CauseSummary } from '../errors/safe-cause.js';

/**
 * Any thrown value as a psa-bridge error. A psa-bridge error passes unchanged; anything else is a
 * bug (in psa-bridge, an adapter or an app callback) and becomes code `INTERNAL`. Its message is
 * withheld, since it cannot be checked for secrets here: only the name and code are kept.
 */
export function toTypedError(error: unknown, where: string): PsaBridgeError {
  if (isPsaBridgeError(error)) return error;
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  const name = typeof record.name === 'string' ? record.name : typeof error;
  const code = typeof record.code === 'string' ? record.code : undefined;
  return new PsaBridgeError(
    'INTERNAL',
    `${where} failed unexpectedly (${name}); this is a bug, please report it`,
    {
      cause: new CauseSummary(name, 'message withheld: it may hold a secret', code),
      details: { where, errorName: name },
    },
  );
}
