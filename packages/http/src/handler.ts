import type { Bridge } from '@psa-bridge/core';
import { Hono } from 'hono';
import type { z } from 'zod';
import { answerHeaders, errorResponse, problem, resolveErrorResponse } from './errors.js';
import { crossSiteRefusal, originSet } from './guards/cross-site.js';
import { readJsonBody } from './guards/read-body.js';
import { requestIdOf } from './guards/request-id.js';
import { createTenantLimiter, type TenantLimits } from './guards/tenant-limits.js';
import { openApiDocument } from './openapi.js';
import { createMemoryPlanStore, type PlanStore } from './plan-store.js';
import { Answer, type RouteSpec } from './route.js';
import { connectionRoutes } from './routes/connections.js';
import { importRoutes } from './routes/imports.js';
import { mappingRoutes } from './routes/mappings.js';
import { providerRoutes } from './routes/providers.js';
import { runRoutes } from './routes/runs.js';
import { createRunRegistry, type HttpJobQueue } from './runs.js';
import { emptyBody, id, noQuery } from './schemas.js';

/** Who is asking: the app's own session or auth decides, never the URL or the body. */
export interface ResolvedTenant {
  /** The partner the request is for. */
  readonly tenant: string;
  /** That partner's bridge (its stores, its GoTo account). */
  readonly bridge: Bridge;
}

/** One answered request, for the app's logs and metrics: no body, no query string, no secret. */
export interface HttpResponseEvent {
  /** The request's id, as in the `x-request-id` answer header and error bodies. */
  readonly requestId: string;
  readonly method: string;
  /** The route's operation id (`imports.run`), or `undefined` for an unknown route. */
  readonly operationId: string | undefined;
  readonly status: number;
  /** The error code of an error answer. */
  readonly code?: string;
  /** The tenant, once `resolve` named one. */
  readonly tenant?: string;
  readonly durationMs: number;
}

/** Options of {@link createHttpHandler}. */
export interface HttpHandlerOptions {
  /**
   * The tenant and bridge of a request, from the app's own session or authentication; `null`
   * (or `undefined`) answers 401. Never take the tenant from the URL or the body. A typed
   * `AUTHENTICATION` it throws answers 401, a `PERMISSION` 403 (`details.source: 'app'`).
   */
  readonly resolve: (
    request: Request,
  ) => Promise<ResolvedTenant | null | undefined> | ResolvedTenant | null | undefined;
  /** Where the routes are mounted. @default '/psa-bridge' */
  readonly basePath?: string;
  /**
   * Run imports and auto-maps on `@psa-bridge/jobs` workers (`createJobQueue(...)`): an app on
   * several processes passes it (and a shared `plans` store), so every process answers for every run.
   * @default in this process
   */
  readonly jobs?: HttpJobQueue;
  /** Where plans wait between planning and running. @default in memory, one hour, 100 per tenant */
  readonly plans?: PlanStore;
  /** Largest request body, in bytes; reading stops there. @default 65536 */
  readonly maxBodyBytes?: number;
  /**
   * Other origins whose pages may write (`https://admin.example`). Same origin only by default:
   * a write from another site's page is refused with 403 before anything is read (SPEC H5).
   * @default []
   */
  readonly allowedOrigins?: readonly string[];
  /** Per-tenant limits of connection tests, run starts and open event streams. */
  readonly limits?: TenantLimits;
  /**
   * Runs kept per tenant (in flight and ended; past it the oldest ended one is dropped, and a
   * tenant with that many in flight gets 429), how long an ended run stays readable, and the
   * users per GoTo create call of an in-process import. @default 100, 15 minutes, 50
   */
  readonly runs?: {
    readonly maxPerTenant?: number;
    readonly retentionMs?: number;
    readonly importBatchSize?: number;
  };
  /** Told of every answer (request id, route, status, code, tenant, duration). Never throws into a request. */
  readonly onResponse?: (event: HttpResponseEvent) => void;
}

/** Every route of the handler, in the order the OpenAPI document lists them. */
export const ROUTES: readonly RouteSpec[] = [
  ...providerRoutes,
  ...connectionRoutes,
  ...mappingRoutes,
  ...importRoutes,
  ...runRoutes,
];

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The fields a zod failure names, once each, without the values; unknown ones by name. */
function invalid(
  requestId: string,
  where: 'body' | 'query' | 'path',
  issues: readonly z.core.$ZodIssue[],
): Response {
  const fields: string[] = [];
  const words: string[] = [];
  const noun = where === 'body' ? 'field' : 'parameter';
  for (const issue of issues) {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const name = at ? `${at}.${key}` : key;
        fields.push(name);
        words.push(`"${name}" is not a ${noun} of this route`);
      }
    } else {
      fields.push(at || where);
      words.push(`${at || where}: ${issue.message}`);
    }
  }
  const label = where === 'path' ? 'path' : where;
  return problem(requestId, 400, 'VALIDATION', `Invalid ${label}: ${words.join('; ')}`, {
    fields: [...new Set(fields)],
    in: where,
  });
}

/** `/connections/{connectionId}` as a pattern for telling "wrong method" (405) from "no route" (404). */
const patternOf = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);

/**
 * The whole psa-bridge flow as one Fetch-API handler, `(request) => Promise<Response>`: mount it in
 * Hono, a Next.js route handler, Bun or Deno, or in Node's `http` and Express with
 * {@link toNodeHandler}. Routes for connections (test & save), the mapping column, the automatic
 * and manual searches, auto-mapping, licenses, import plans and runs with progress (polling and
 * Server-Sent Events) and cancel, and helpdesk end users, plus `GET {basePath}/openapi.json`.
 *
 * Safe to expose to a browser (SPEC H5): cross-site writes are refused, every write is JSON,
 * unknown fields and parameters are refused by name, bodies stop at the limit, every answer has
 * an `x-request-id`, and each tenant's connection tests, run starts and streams are limited.
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
  const runs = createRunRegistry({ jobs: options.jobs, ...options.runs });
  const limiter = createTenantLimiter(options.limits);
  const allowedOrigins = originSet(options.allowedOrigins);
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  const document = openApiDocument(ROUTES, basePath);
  const patterns = [
    { pattern: patternOf(`${basePath}/openapi.json`), method: 'GET' },
    ...ROUTES.map((spec) => ({
      pattern: patternOf(`${basePath}${spec.path}`),
      method: spec.method.toUpperCase(),
    })),
  ];
  const app = new Hono<{ Variables: { requestId: string; tenant?: string; operationId?: string } }>();

  app.use('*', async (context, next) => {
    const startedAt = Date.now();
    context.set('requestId', requestIdOf(context.req.raw));
    await next();
    if (!options.onResponse) return;
    const response = context.res;
    let code: string | undefined;
    if (response.status >= 400) {
      code = await response
        .clone()
        .json()
        .then((json: { error?: { code?: string } }) => json.error?.code)
        .catch(() => undefined);
    }
    const tenant = context.get('tenant');
    const operationId = context.get('operationId');
    try {
      options.onResponse({
        requestId: context.get('requestId'),
        method: context.req.method,
        operationId,
        status: response.status,
        ...(code ? { code } : {}),
        ...(tenant === undefined ? {} : { tenant }),
        durationMs: Date.now() - startedAt,
      });
    } catch {
      // A logging hook never breaks an answer.
    }
  });

  app.get(`${basePath}/openapi.json`, (context) =>
    Response.json(document, { headers: answerHeaders(context.get('requestId')) }),
  );
  for (const spec of ROUTES) {
    const path = `${basePath}${spec.path.replace(/\{(\w+)\}/g, ':$1')}`;
    app.on(spec.method.toUpperCase(), path, async (context) => {
      const request = context.req.raw;
      const requestId = context.get('requestId');
      context.set('operationId', spec.operationId);
      const write = WRITES.has(request.method);
      if (write) {
        const refused = crossSiteRefusal(request, allowedOrigins);
        if (refused) {
          return problem(requestId, 403, 'PERMISSION', `Cross-site write refused: ${refused}`, {
            reason: 'cross-site',
          });
        }
      }
      let resolved: ResolvedTenant | null | undefined;
      try {
        resolved = await options.resolve(request);
      } catch (error) {
        return resolveErrorResponse(requestId, error);
      }
      if (!resolved) {
        return problem(requestId, 401, 'AUTHENTICATION', 'Sign in first: this request has no tenant', {
          source: 'app',
        });
      }
      context.set('tenant', resolved.tenant);
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(context.req.param() as Record<string, string>)) {
        const parsed = id.safeParse(value);
        if (!parsed.success)
          return invalid(
            requestId,
            'path',
            parsed.error.issues.map((issue) => ({ ...issue, path: [name] })),
          );
        params[name] = parsed.data;
      }
      const query = (spec.query ?? noQuery).safeParse(context.req.query());
      if (!query.success) return invalid(requestId, 'query', query.error.issues);
      let body: unknown = {};
      if (write) {
        const read = await readJsonBody(request, maxBodyBytes);
        if (!('body' in read))
          return problem(requestId, read.status, 'VALIDATION', read.message, read.details);
        const parsed = (spec.body ?? emptyBody).safeParse(read.body);
        if (!parsed.success) return invalid(requestId, 'body', parsed.error.issues);
        body = parsed.data;
      }
      try {
        const result = await spec.handle({
          tenant: resolved.tenant,
          bridge: resolved.bridge,
          params,
          query: query.data,
          body,
          request,
          requestId,
          call: { signal: request.signal, context: { appRequestId: requestId } },
          plans,
          runs,
          limiter,
          basePath,
        });
        if (result instanceof Response) {
          result.headers.set('x-request-id', requestId);
          return result;
        }
        const answer = result instanceof Answer ? result : new Answer(result);
        const json = spec.answer ? spec.answer.parse(answer.value) : (answer.value ?? {});
        return Response.json(json, {
          status: answer.init.status ?? spec.status ?? 200,
          headers: answerHeaders(requestId, answer.init.headers),
        });
      } catch (error) {
        return errorResponse(requestId, error);
      }
    });
  }
  app.notFound((context) => {
    const url = new URL(context.req.url);
    const allow = patterns.filter(({ pattern }) => pattern.test(url.pathname)).map(({ method }) => method);
    const requestId = context.get('requestId');
    if (allow.length > 0) {
      return problem(
        requestId,
        405,
        'VALIDATION',
        `${context.req.method} is not a method of this route: use ${allow.join(', ')}`,
        { allow },
        { allow: allow.join(', ') },
      );
    }
    return problem(requestId, 404, 'NOT_FOUND', 'No such route');
  });
  app.onError((error, context) =>
    errorResponse(context.get('requestId') ?? requestIdOf(context.req.raw), error),
  );
  return async (request) => app.fetch(request);
}
