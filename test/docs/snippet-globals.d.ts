// What documentation snippets use without defining: an app's own values and functions. Only
// these are given; everything from psa-bridge must be imported by the snippet (or an earlier
// line of it), as a developer copying it would need to.
import type {
  Bridge,
  GotoAccount,
  GotoClient,
  ImportPlan,
  License,
  PsaProvider,
  WeakEndUser,
} from '@psa-bridge/core';
import type { GotoAuth } from '@psa-bridge/goto';

declare global {
  const bridge: Bridge;
  const gotoClient: GotoClient;
  const account: GotoAccount;
  const pool: import('pg').Pool;
  const partnerId: string;
  const bridgeFor: (tenant: string) => Bridge;
  const providers: PsaProvider<unknown>[];
  const auth: GotoAuth;
  const connectionId: string;
  const accountKey: string;
  const companyId: string;
  const id: string;
  const other: string;
  const clientId: string;
  const clientSecret: string;
  const refreshToken: string;
  const publicKey: string;
  const privateKey: string;
  const newKey: string;
  /** ConnectWise credentials a partner entered (an app types its form data). */
  const credentials: import('@psa-bridge/connectwise').ConnectWiseCredentials;
  /** Ticketly credentials a partner entered, for the adapter guide. */
  const ticketlyCredentials: import('../../examples/third-party-adapter/ticketly-provider.js').TicketlyCredentials;
  const contactIds: string[];
  const licenseKeys: string[];
  /** The license keys a partner ticked in the app's check boxes. */
  const ticked: ReadonlySet<string>;
  const activeStatusIds: string[];
  const resolveLicenseKey: string;
  const resolveLicense: License;
  const plan: ImportPlan;
  const weak: WeakEndUser;
  const bar: { update(ratio: number, etaMs?: number): void };
  const log: {
    debug(...values: unknown[]): void;
    info(...values: unknown[]): void;
    warn(...values: unknown[]): void;
  };
  function loadRefreshToken(): Promise<string>;
  function saveRefreshToken(token: string): Promise<void>;
  function showError(...values: unknown[]): void;
  function showSeatProblem(shortages: unknown): void;
  function showDryRun(rows: unknown): void;
  function show(items: readonly unknown[]): void;
  function welcome(userKey: string | undefined): Promise<void>;
  function updateBar(done: number, total: number): void;
  function retryLater(afterMs: number | undefined): void;
  function assignTo(endUser: unknown): void;
  /** The example adapter of docs/writing-an-adapter.md. */
  const ticketly: typeof import('../../examples/third-party-adapter/ticketly-provider.js').ticketly;
  const startTicketlySimulator: typeof import('../../examples/third-party-adapter/ticketly-simulator.js').startTicketlySimulator;
}
