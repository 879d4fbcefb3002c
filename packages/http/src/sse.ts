import type { RunRegistry, RunStatus } from './runs.js';

/**
 * A Server-Sent Events answer with a run's status: one `progress` event now and on every change,
 * then one `done` (or `failed`) event, then the stream ends. A client that goes away stops it.
 */
export function runEvents(
  request: Request,
  runs: RunRegistry,
  tenant: string,
  kind: RunStatus['kind'],
  first: RunStatus,
): Response {
  const encoder = new TextEncoder();
  let stop = (): void => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (status: RunStatus): void => {
        if (closed) return;
        const event = status.state === 'done' ? 'done' : status.state === 'failed' ? 'failed' : 'progress';
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(status)}\n\n`));
        if (event !== 'progress') finish();
      };
      const finish = (): void => {
        if (closed) return;
        closed = true;
        stop();
        clearInterval(keepAlive);
        controller.close();
      };
      // A comment line now and then keeps proxies from closing a quiet stream.
      const keepAlive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keep-alive\n\n'));
      }, 15_000);
      stop = runs.watch(tenant, kind, first.id, send);
      request.signal.addEventListener('abort', finish, { once: true });
      send(first);
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    },
  });
}
