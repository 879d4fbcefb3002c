/**
 * Test kit for psa-bridge apps and adapters.
 *
 * - In-memory fakes of a PSA and of GoTo ({@link createMemoryPsa}, {@link createMemoryGoto}) that
 *   go through the real core transport, for app tests that need no vendor.
 * - Conformance suites ({@link runPsaClientConformance}, {@link runGotoClientConformance}) that
 *   every adapter runs, ours or a third party's, with any test framework.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runPsaClientConformance } from '@psa-bridge/core/testing';
 * runPsaClientConformance(myTarget, { describe, it });
 * ```
 *
 * @module
 */
export { assertNoSecrets, collect, rejectsWithCode } from './conformance/assertions.js';
export {
  type GotoConformanceContext,
  type GotoConformanceFaults,
  type GotoConformanceSession,
  type GotoConformanceTarget,
  runGotoClientConformance,
} from './conformance/goto-conformance.js';
export {
  type GotoConformanceSeed,
  gotoConformanceSeed,
  type SeedGotoAccount,
  type SeedGotoLicense,
  type SeedGotoUser,
} from './conformance/goto-seed.js';
export {
  type PsaConformanceContext,
  type PsaConformanceFaults,
  type PsaConformanceSession,
  type PsaConformanceTarget,
  runPsaClientConformance,
} from './conformance/psa-conformance.js';
export {
  type PsaConformanceSeed,
  psaConformanceSeed,
  type SeedCompany,
  type SeedContact,
  TRICKY_COMPANY_NAMES,
} from './conformance/psa-seed.js';
export type { ConformanceSessionBase } from './conformance/session.js';
export {
  runStoreConformance,
  type StoreConformanceOptions,
  type StoreConformanceSession,
  type StoreConformanceTarget,
} from './conformance/store-conformance.js';
export type { ConformanceTestApi } from './conformance/test-api.js';
export {
  type ApiRequest,
  type ApiRoute,
  type ApiStats,
  createInProcessApi,
  type InProcessApi,
} from './in-process-api.js';
export {
  createMemoryGoto,
  type MemoryGoto,
  type MemoryGotoAccountSeed,
  type MemoryGotoOptions,
} from './memory-goto/create-memory-goto.js';
export {
  GOTO_NAME_LIMIT,
  type MemoryGotoAccount,
  type MemoryGotoData,
  type MemoryGotoLicense,
  type MemoryGotoUser,
} from './memory-goto/memory-goto-api.js';
export { createMemoryGotoClient, type MemoryGotoClientOptions } from './memory-goto/memory-goto-client.js';
export {
  createMemoryPsa,
  type MemoryPsa,
  type MemoryPsaCredentials,
  type MemoryPsaOptions,
} from './memory-psa/create-memory-psa.js';
export type { MemoryCompany, MemoryPsaData, MemoryPsaPermissions } from './memory-psa/memory-psa-api.js';
export { createMemoryPsaClient, type MemoryPsaClientOptions } from './memory-psa/memory-psa-client.js';
export {
  FAKE_INDUSTRIES,
  fakeCompanyName,
  fakeDomain,
  fakeEmail,
  fakePerson,
  pick,
} from './simulator/fake-names.js';
export {
  createFaultQueue,
  type Fault,
  type FaultQueue,
  type FaultTarget,
  type RandomFaults,
  seededRandom,
} from './simulator/faults.js';
export { json } from './simulator/json-response.js';
export type { MswRoutable, MswRoute } from './simulator/msw-routes.js';
export { createGroupIndex, firstIndexAfter } from './simulator/record-index.js';
export { type RunningSimulator, runningSimulator } from './simulator/running-simulator.js';
export { type LoopbackOptions, type LoopbackServer, serveOnLoopback } from './simulator/serve-on-loopback.js';
export {
  createSimulatorHost,
  type SimulatedRateLimit,
  type SimulatorHost,
  type SimulatorHostOptions,
  type SimulatorRoute,
  type SimulatorStats,
} from './simulator/simulator-host.js';
export { type ContainsMode, sqlLikePattern, vendorContains } from './simulator/sql-like.js';
export { createTestClock, type TestClock } from './test-clock.js';
