import type { GotoClient } from '../contracts/goto-client.js';
import type { PsaProvider } from '../contracts/psa-provider.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import type { BridgeLogger } from '../http/logger-hooks.js';
import { callOptionsSchema } from './input-schemas.js';

/** The fields of `BridgeOptions` checked here, as an app may pass them (anything at all). */
interface GivenOptions {
  readonly providers: readonly unknown[];
  readonly goto?: unknown;
  readonly logger?: unknown;
  readonly planKey?: unknown;
  readonly hooks?: unknown;
  readonly defaults?: unknown;
  readonly viewCacheMs?: unknown;
  readonly refreshLeaseMs?: unknown;
  readonly searchFrom?: unknown;
}

/** Checks what `createBridge` was given before anything is built; `CONFIGURATION` names the field. */
export function checkBridgeOptions(options: GivenOptions): void {
  const fail = (message: string): never => {
    throw new PsaBridgeError('CONFIGURATION', `createBridge(): ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('needs an options object { providers, goto }');
  if (!Array.isArray(options.providers)) fail('providers must be an array, like [connectwise(), datto()]');
  options.providers.forEach((provider, index) => {
    const candidate = provider as Partial<PsaProvider<unknown>> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      typeof candidate.id !== 'string' ||
      typeof candidate.connect !== 'function'
    ) {
      fail(`providers[${index}] is not a PSA provider (it needs an id and connect())`);
    }
  });
  const goto = options.goto as Partial<GotoClient> | null | undefined;
  if (typeof goto !== 'object' || goto === null || typeof goto.listAccounts !== 'function') {
    fail('goto must be a GoTo client, like goto({ auth })');
  }
  const logger = options.logger as Partial<BridgeLogger> | null | undefined;
  if (
    logger !== undefined &&
    (typeof logger !== 'object' ||
      logger === null ||
      typeof logger.debug !== 'function' ||
      typeof logger.warn !== 'function')
  ) {
    fail('logger must have debug() and warn() methods, like console');
  }
  const planKey = options.planKey as unknown;
  if (planKey !== undefined && !(planKey instanceof Uint8Array && planKey.length >= 32)) {
    fail('planKey must be a Uint8Array of at least 32 bytes, like derivePlanKey(secretKey, tenant)');
  }
  if (options.hooks !== undefined && (typeof options.hooks !== 'object' || options.hooks === null)) {
    fail('hooks must be an object of hook functions, like { onRequest(event) {} }');
  }
  const whole = (value: unknown, min: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min;
  if (options.viewCacheMs !== undefined && !whole(options.viewCacheMs, 0))
    fail('viewCacheMs must be a whole number of milliseconds, 0 or more');
  if (options.refreshLeaseMs !== undefined && !whole(options.refreshLeaseMs, 1_000))
    fail('refreshLeaseMs must be a whole number of milliseconds, at least 1000');
  if (options.searchFrom !== undefined && options.searchFrom !== 'read-model' && options.searchFrom !== 'psa')
    fail("searchFrom must be 'read-model' or 'psa'");
  if (options.defaults !== undefined) {
    const parsed = callOptionsSchema.safeParse(options.defaults);
    if (!parsed.success || typeof options.defaults !== 'object' || options.defaults === null) {
      const field = parsed.success ? '' : parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      fail(
        `defaults${field ? `.${field}` : ''} is not valid: use { timeoutMs: 15000, retry: { retries: 2 } }`,
      );
    }
  }
}
