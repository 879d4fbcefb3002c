/**
 * The admin page's server: the built page from `dist/`, `@psa-bridge/http` at `/psa-bridge`, and
 * the app's own `GET /app/setup.json`. One partner (tenant) here; a real app resolves the tenant
 * from its own session instead (see docs/http.md).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Bridge } from '@psa-bridge/core';
import { createHttpHandler, toNodeHandler } from '@psa-bridge/http';

/** What the page learns from `GET /app/setup.json`. */
export interface AdminSetup {
  /** `simulators` (the demo world) or `real`. */
  readonly mode: 'simulators' | 'real';
  /** Whether imports may create GoTo users (always with the simulators; on request for real). */
  readonly writes: boolean;
  /** Credentials that pass in the demo world, by provider id; never set for real vendors. */
  readonly demoCredentials?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Options of {@link startAdminServer}. */
export interface AdminServerOptions {
  /** The partner's bridge. */
  readonly bridge: Bridge;
  /** What the page is told about where it runs. */
  readonly setup: AdminSetup;
  /** The partner's id. @default 'demo-partner' */
  readonly tenant?: string;
  /** Loopback port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** The built page. @default this package's dist folder */
  readonly distDir?: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Serves a file of the built page, never anything outside it. */
async function serveStatic(distDir: string, url: URL, response: ServerResponse): Promise<void> {
  let path: string;
  try {
    path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape (`/%E0%A4%A`) is a bad path, not a crash.
    response.writeHead(400).end();
    return;
  }
  const file = normalize(join(distDir, path));
  if (!file.startsWith(distDir + sep)) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': path === '/index.html' ? 'no-store' : 'public, max-age=3600',
    });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}

/** Starts the admin page on a loopback port. */
export async function startAdminServer(
  options: AdminServerOptions,
): Promise<{ readonly url: string; close(): Promise<void> }> {
  const tenant = options.tenant ?? 'demo-partner';
  const distDir = normalize(options.distDir ?? new URL('../dist', import.meta.url).pathname).replace(
    /\/$/,
    '',
  );
  const handler = createHttpHandler({
    // The app's own auth decides the tenant; this reference app serves one partner.
    resolve: () => ({ tenant, bridge: options.bridge }),
  });
  const api = toNodeHandler(async (request) => {
    // Real vendors without PSA_BRIDGE_WRITE=yes: everything but creating GoTo users.
    if (
      !options.setup.writes &&
      request.method === 'POST' &&
      /\/imports\/[^/]+\/run$/.test(new URL(request.url).pathname)
    ) {
      return Response.json(
        {
          error: {
            code: 'VALIDATION',
            message: 'Creating GoTo users is off: start the app with PSA_BRIDGE_WRITE=yes',
            details: {},
          },
        },
        { status: 403 },
      );
    }
    return handler(request);
  });
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/psa-bridge/')) {
      api(request, response);
      return;
    }
    if (url.pathname === '/app/setup.json') {
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      response.end(JSON.stringify(options.setup));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    void serveStatic(distDir, url, response);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
