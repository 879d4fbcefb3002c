import type { PsaClient } from './psa-client.js';

/** The step of a connection test that failed (SPEC C4). */
export type ConnectionTestStep = 'reach' | 'authenticate' | 'read-companies' | 'read-contacts';

/**
 * Why a connection test failed, in the partner's terms (SPEC C4):
 * - `AUTHENTICATION`: wrong keys, unknown company id, unknown API user or integration code;
 * - `PERMISSION`: the keys work but may not read companies or contacts;
 * - `UNREACHABLE`: no answer from the host (wrong site, DNS, network, timeout);
 * - `RATE_LIMITED`: the PSA asked to slow down; try again later;
 * - `UPSTREAM`: the PSA failed on its side;
 * - `UNEXPECTED_RESPONSE`: the PSA answered with something psa-bridge cannot read.
 */
export type ConnectionTestReason =
  | 'AUTHENTICATION'
  | 'PERMISSION'
  | 'UNREACHABLE'
  | 'RATE_LIMITED'
  | 'UPSTREAM'
  | 'UNEXPECTED_RESPONSE';

/** Facts a passing test may report. */
export interface ConnectionTestFacts {
  /** Requests used in the vendor's current quota window (Autotask's hourly budget). */
  readonly requestsUsed?: number;
  /** Size of the vendor's quota window, in requests. */
  readonly requestLimit?: number;
  /** The PSA's version, where it tells. */
  readonly serverVersion?: string;
}

/**
 * The outcome of {@link PsaClient.testConnection}: ok, or the failing step with a reason and a
 * message a partner can act on (SPEC C4). Never holds a secret.
 */
export type ConnectionTestResult =
  | {
      /** The PSA is reachable, accepts the credentials and lets them read companies and contacts. */
      readonly ok: true;
      /** What the PSA reported along the way. */
      readonly facts: ConnectionTestFacts;
    }
  | {
      /** The test failed; nothing should be saved. */
      readonly ok: false;
      /** Which step failed. */
      readonly step: ConnectionTestStep;
      /** Why, as a fixed vocabulary to branch on. */
      readonly reason: ConnectionTestReason;
      /** What went wrong and what to do about it, in words for a partner. */
      readonly message: string;
    };
