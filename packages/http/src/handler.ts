import type { Bridge } from '@psa-bridge/core';
import { Hono } from 'hono';
import { errorResponse, problem } from './errors.js';
import { openApiDocument } from './openapi.js';
import { createMemoryPlanStore, type PlanStore } from './plan-store.js';
import type { RouteSpec } from './route.js';
import { connectionRoutes } from './routes/connections.js';
import { importRoutes } from './routes/imports.js';
import { mappingRoutes } from './routes/mappings.js';
import { providerRoutes } from './routes/providers.js';
import { createRunRegistry, type HttpJobQueue } from './runs.js';

/** Who is asking: the app's own session or auth decides, never the URL or the body. */
export interface ResolvedTenant {
  /** The partner the request is for. */
  readonly tenant: string;
  /** That partner's bridge (its stores, its GoTo account). */
  readonly bridge: Bridge;
}

/** Options of {@link createHttpHandler}. */
export interface HttpHandlerOptions {
  /**
   * The tenant and bridge of a request, from the app's own session or authentication; `null`
   * (or `undefined`) answers 401. Never take the tenant from the URL or the body.
   */
  readonly resolve: (
    request: Request,
  ) => Promise<ResolvedTenant | null | undefined> | ResolvedTenant | null | undefined;
  /** Where the routes are mounted. @default '/psa-bridge' */
  readonly basePath?: string;
  /** Run imports and auto-maps on `@psa-bridge/jobs` workers (`createJobQueue(...)`). @default in this process */
  readonly jobs?: HttpJobQueue;
  /** Where plans wait between planning and running. @default in memory, one hour */
  readonly plans?: PlanStore;
  /** Largest request body, in bytes. @default 65536 */
  readonly maxBodyBytes?: number;
}

/** Every route of the handler, in the order the OpenAPI document lists them. */
export const ROUTES: readonly RouteSpec[] = [
  ...providerRoutes,
  ...connectionRoutes,
  ...mappingRoutes,
  ...importRoutes,
];

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reads a JSON body: JSON only (a form post from another site cannot reach a write), and not too large. */
async function readBody(
  request: Request,
  maxBytes: number,
): Promise<{ body: unknown } | { error: Response }> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > maxBytes) {
    return {
      error: problem(413, 'VALIDATION', `The request body is larger than ${maxBytes} bytes`, { maxBytes }),
    };
  }
  const text = await request.text();
  if (new TextEncoder().encode(text).length > maxBytes) {
    return {
      error: problem(413, 'VALIDATION', `The request body is larger than ${maxBytes} bytes`, { maxBytes }),
    };
  }
  if (text.trim() === '') return { body: {} };
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return {
      error: problem(415, 'VALIDATION', 'Send the body as JSON (content-type: application/json)', {
        field: 'content-type',
      }),
    };
  }
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { error: problem(400, 'VALIDATION', 'The request body is not valid JSON', { field: 'body' }) };
  }
}

/** The fields a zod failure names, once each, without the values. */
function invalid(
  where: 'body' | 'query',
  issues: readonly { path: PropertyKey[]; message: string }[],
): Response {
  const fields = [...new Set(issues.map((issue) => issue.path.map(String).join('.') || where))];
  const message = issues
    .map((issue) => `${issue.path.map(String).join('.') || where}: ${issue.message}`)
    .join('; ');
  return problem(400, 'VALIDATION', `Invalid ${where}: ${message}`, { fields });
}

/**
 * The whole psa-bridge flow as one Fetch-API handler, `(request) => Promise<Response>`: mount it in
 * Hono, a Next.js route handler, Bun or Deno, or in Node's `http` and Express with
 * {@link toNodeHandler}. Routes for connections (test & save), the mapping column, the automatic
 * and manual searches, auto-mapping, licenses, import plans and runs with progress (polling and
 * Server-Sent Events) and helpdesk end users, plus `GET {basePath}/openapi.json`.
 *
 * @example
 * ```ts
 * const handler = createHttpHandler({
 *   resolve: async (request) => {
 *     const session = await mySession(request); // the app's own auth
 *     return session ? { tenant: session.partnerId, bridge: bridgeFor(session.partnerId) } : null;
 *   },
 * });
 * ```
 */
export function createHttpHandler(options: HttpHandlerOptions): (request: Request) => Promise<Response> {
  const basePath = (options.basePath ?? '/psa-bridge').replace(/\/+$/, '');
  const plans = options.plans ?? createMemoryPlanStore();
  const runs = createRunRegistry(options.jobs);
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  const document = openApiDocument(ROUTES, basePath);
  const app = new Hono();

  app.get(`${basePath}/openapi.json`, () => Response.json(document));
  for (const spec of ROUTES) {
    const path = `${basePath}${spec.path.replace(/\{(\w+)\}/g, ':$1')}`;
    app.on(spec.method.toUpperCase(), path, async (context) => {
      const request = context.req.raw;
      let resolved: ResolvedTenant | null | undefined;
      try {
        resolved = await options.resolve(request);
      } catch (error) {
        return errorResponse(error);
      }
      if (!resolved) return problem(401, 'AUTHENTICATION', 'Sign in first: this request has no tenant');
      let body: unknown = {};
      if (WRITES.has(request.method)) {
        const read = await readBody(request, maxBodyBytes);
        if ('error' in read) return read.error;
        body = read.body;
      }
      if (spec.body) {
        const parsed = spec.body.safeParse(body);
        if (!parsed.success) return invalid('body', parsed.error.issues);
        body = parsed.data;
      }
      let query: unknown = context.req.query();
      if (spec.query) {
        const parsed = spec.query.safeParse(query);
        if (!parsed.success) return invalid('query', parsed.error.issues);
        query = parsed.data;
      }
      try {
        const result = await spec.handle({
          tenant: resolved.tenant,
          bridge: resolved.bridge,
          params: context.req.param() as Record<string, string>,
          query,
          body,
          request,
          plans,
          runs,
        });
        if (result instanceof Response) return result;
        return Response.json(result ?? {}, {
          status: spec.status ?? 200,
          headers: { 'cache-control': 'no-store' },
        });
      } catch (error) {
        return errorResponse(error);
      }
    });
  }
  app.notFound(() => problem(404, 'NOT_FOUND', 'No such route'));
  app.onError((error) => errorResponse(error));
  return async (request) => app.fetch(request);
}
