import type { Bridge } from '@psa-bridge/core';
import type { z } from 'zod';
import type { PlanStore } from './plan-store.js';
import type { RunRegistry } from './runs.js';

/** What a route's handler gets: the tenant and bridge from the app's `resolve`, and checked input. */
export interface RouteInput {
  readonly tenant: string;
  readonly bridge: Bridge;
  readonly params: Readonly<Record<string, string>>;
  readonly query: unknown;
  readonly body: unknown;
  readonly request: Request;
  readonly plans: PlanStore;
  readonly runs: RunRegistry;
}

/** One route: its method, path, schemas (checked before the handler runs, and in the OpenAPI document) and handler. */
export interface RouteSpec {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Path under the base path, with `{name}` parameters, like `/connections/{connectionId}`. */
  readonly path: string;
  /** The OpenAPI operation id: the SDK's words (`connections.testAndSave`). */
  readonly operationId: string;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** The SPEC rules it serves. */
  readonly rules?: string;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The status of a successful answer. @default 200 */
  readonly status?: number;
  /** Answers with a `Response` of its own (a stream), or JSON for the route's status. */
  readonly handle: (input: RouteInput) => Promise<unknown>;
}

/** Builds a route, keeping the literal types. */
export const route = (spec: RouteSpec): RouteSpec => spec;
