import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/**
 * The handler for Node's `http` server and Express: `http.createServer(toNodeHandler(handler))`,
 * or `app.use(toNodeHandler(handler))` before any body parser (the handler reads the body itself).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(createHttpHandler({ resolve }))).listen(3000);
 * ```
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
): (request: IncomingMessage, response: ServerResponse) => void {
  const listener = getRequestListener((request) => handler(request));
  return (request, response) => {
    void listener(request, response);
  };
}
