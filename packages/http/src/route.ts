import type { Bridge, CallOptions } from '@psa-bridge/core';
import type { z } from 'zod';
import type { TenantLimiter } from './guards/tenant-limits.js';
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
  /** This request's id (the `x-request-id` answer header). */
  readonly requestId: string;
  /** Options for the bridge calls of this request: its signal, and its id in every hook event. */
  readonly call: CallOptions;
  readonly plans: PlanStore;
  readonly runs: RunRegistry;
  readonly limiter: TenantLimiter;
  /** Where the routes are mounted, for `Location` headers. */
  readonly basePath: string;
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
  /** Query parameters; a route without one takes none (an unknown parameter is a 400 naming it). */
  readonly query?: z.ZodType;
  /** The JSON body of a write; a write without one takes `{}` only. */
  readonly body?: z.ZodType;
  /** The success answer: the JSON is built by parsing the result through it, and documented from it. */
  readonly answer?: z.ZodType;
  /** The answer is a Server-Sent Events stream. */
  readonly stream?: boolean;
  /** The status of a successful answer. @default 200 */
  readonly status?: number;
  /** Answers with a `Response` of its own (a stream), or JSON for the route's status. */
  readonly handle: (input: RouteInput) => Promise<unknown>;
}

/** A route's result with its own status or headers (a `Location`), built into JSON by the handler. */
export class Answer {
  constructor(
    readonly value: unknown,
    readonly init: { readonly status?: number; readonly headers?: Record<string, string> } = {},
  ) {}
}

/** Builds a route, keeping the literal types. */
export const route = (spec: RouteSpec): RouteSpec => spec;
