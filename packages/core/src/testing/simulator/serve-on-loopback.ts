import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where to listen. */
export interface LoopbackOptions {
  /** Port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Loopback address. @default 127.0.0.1 */
  readonly host?: string;
}

/** A simulator served on a loopback port. */
export interface LoopbackServer {
  /** Base URL, like `http://127.0.0.1:51234`. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves a fetch-style handler on a loopback port with `node:http`, so examples and benchmarks
 * talk to a simulator over real sockets. `Response.error()` destroys the socket: the client
 * sees a dropped connection.
 */
export async function serveOnLoopback(
  handle: (request: Request) => Promise<Response>,
  options: LoopbackOptions = {},
): Promise<LoopbackServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((incoming, outgoing) => {
    void answer(incoming, outgoing, handle, host);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  handle: (request: Request) => Promise<Response>,
  host: string,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = incoming.method ?? 'GET';
    const request = new Request(`http://${incoming.headers.host ?? host}${incoming.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' || chunks.length === 0
        ? {}
        : { body: Buffer.concat(chunks) }),
    });
    const response = await handle(request);
    if (response.type === 'error') {
      outgoing.socket?.destroy();
      return;
    }
    const body = Buffer.from(await response.arrayBuffer());
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    out['content-length'] = String(body.length);
    outgoing.writeHead(response.status, out);
    outgoing.end(body);
  } catch (error) {
    outgoing.writeHead(500, { 'content-type': 'application/json' });
    outgoing.end(JSON.stringify({ message: `simulator failure: ${(error as Error).message}` }));
  }
}
