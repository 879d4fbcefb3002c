import { type Bridge, createBridge, createMemoryStores } from '@psa-bridge/core';
import type { DemoWorld } from '@psa-bridge/demo';
import { goto } from '@psa-bridge/goto';
import { createHttpHandler, type HttpHandlerOptions } from '@psa-bridge/http';

/** A JSON answer, read loosely: tests look into it field by field. */
// biome-ignore lint/suspicious/noExplicitAny: answers are checked by expect, not by the compiler
export type Json = Record<string, any>;

/** Two partners, each with its own stores; a request names its partner by the app's session header. */
export function twoTenants(world: DemoWorld, options: Partial<HttpHandlerOptions> = {}) {
  const bridges = new Map<string, Bridge>(
    ['north', 'south'].map((tenant) => [
      tenant,
      createBridge({ providers: world.providers, goto: goto(world.goto), stores: createMemoryStores() }),
    ]),
  );
  const handler = createHttpHandler({
    // The app's own auth: here a session header; never a tenant from the URL or the body.
    resolve: (request) => {
      const tenant = request.headers.get('x-session') ?? '';
      const bridge = bridges.get(tenant);
      return bridge ? { tenant, bridge } : null;
    },
    ...options,
  });
  /** Calls the handler as `tenant`; a write is JSON (its body when given, else empty), as a same-origin page sends it. */
  const call = async (
    tenant: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await handler(
      new Request(`http://app.test/psa-bridge${path}`, {
        method,
        headers: {
          ...(tenant ? { 'x-session': tenant } : {}),
          ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json')
      ? (JSON.parse(text) as unknown)
      : text;
    return { status: response.status, json: json as Json, text, headers: response.headers };
  };
  return { handler, call, bridges };
}

/** Polls a run until it ends. */
export async function untilDone(
  call: ReturnType<typeof twoTenants>['call'],
  tenant: string,
  path: string,
): Promise<Json> {
  for (let i = 0; i < 600; i += 1) {
    const { json } = await call(tenant, 'GET', path);
    if (json.state === 'done' || json.state === 'failed' || json.state === 'cancelled') return json;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${path} never ended`);
}
