import { createRequire } from 'node:module';
import { PsaBridgeError } from '../../errors/psa-bridge-error.js';

/** The part of msw the simulators use to build their request handlers. */
export interface MswHttp {
  readonly http: {
    all(path: string, resolver: (info: { request: Request }) => Promise<Response> | Response): unknown;
    post(path: string, resolver: (info: { request: Request }) => Promise<Response> | Response): unknown;
  };
}

let loaded: MswHttp | undefined;

/**
 * msw, loaded only when a simulator's `handlers` are asked for: the loopback `listen()` needs
 * no msw, so an app that only serves a simulator on a port does not have to install it.
 *
 * @throws PsaBridgeError `CONFIGURATION` saying how to install msw when it is not installed.
 */
export function loadMsw(): MswHttp {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('msw') as MswHttp;
    return loaded;
  } catch {
    throw new PsaBridgeError(
      'CONFIGURATION',
      "The simulator's msw handlers need msw: npm install --save-dev msw (its listen() works without msw)",
    );
  }
}
