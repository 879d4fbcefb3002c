import { z } from 'zod';
import type { RouteSpec } from './route.js';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details', 'requestId'],
      properties: {
        code: { type: 'string', description: "The SDK's error code, like VALIDATION or NOT_FOUND" },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
        requestId: { type: 'string' },
      },
    },
  },
} as const;

/** JSON Schema of a zod schema as a request sees it (zod 4 emits draft 2020-12, OpenAPI 3.1's dialect). */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> => {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

/**
 * The OpenAPI 3.1 document of every route, generated from the routes' own zod schemas: what the
 * handler checks is what the document says.
 */
export function openApiDocument(routes: readonly RouteSpec[], basePath: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const parameters: Record<string, unknown>[] = [...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    }));
    if (spec.query) {
      const query = jsonSchema(spec.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    const status = String(spec.status ?? 200);
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.rules ? { description: `SPEC ${spec.rules}` } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(spec.body) } },
            },
          }
        : {}),
      responses: {
        [status]: {
          description: 'Success',
          content: spec.stream
            ? { 'text/event-stream': { schema: { type: 'string' } } }
            : { 'application/json': { schema: spec.answer ? jsonSchema(spec.answer, 'output') : {} } },
        },
        default: {
          description:
            'An error, in the SDK’s words, with the request id: 400 bad input (unknown fields and parameters named), 401 not signed in, 403 a cross-site write, 404 not found (also another tenant’s ids), 405 another method, 409 a conflict, 413 too large, 415 not JSON, 422 a failed connection test, 429 a limit (retry-after), 5xx the vendor or the server',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    paths[`${basePath}${spec.path}`] = { ...paths[`${basePath}${spec.path}`], [spec.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'psa-bridge',
      version: '0.1.0',
      description:
        'Connections, mappings, imports and helpdesk end users between GoTo and PSA systems. The tenant comes from the app’s own authentication, never from a request.',
    },
    paths,
    components: { schemas: { Error: errorSchema } },
  };
}
