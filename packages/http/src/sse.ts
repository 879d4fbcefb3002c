import type { RunRegistry, RunStatus } from './runs.js';

const ENDED: ReadonlySet<string> = new Set(['done', 'failed', 'cancelled']);

/**
 * A Server-Sent Events answer with a run's status: one `progress` event now and on every change,
 * then one `done`, `failed` or `cancelled` event, then the stream ends. A client that goes away
 * stops it; `onClose` is called once either way (the tenant's stream count).
 */
export function runEvents(
  request: Request,
  runs: RunRegistry,
  tenant: string,
  first: RunStatus,
  onClose: () => void = () => undefined,
): Response {
  const encoder = new TextEncoder();
  let stop = (): void => undefined;
  let finish = (): void => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (status: RunStatus): void => {
        if (closed) return;
        const event = ENDED.has(status.state) ? status.state : 'progress';
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(status)}\n\n`));
        if (event !== 'progress') finish();
      };
      finish = (): void => {
        if (closed) return;
        closed = true;
        stop();
        onClose();
        clearInterval(keepAlive);
        try {
          controller.close();
        } catch {
          // Already cancelled by the client.
        }
      };
      // A comment line now and then keeps proxies from closing a quiet stream.
      const keepAlive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keep-alive\n\n'));
      }, 15_000);
      stop = runs.watch(tenant, first.id, send);
      request.signal.addEventListener('abort', () => finish(), { once: true });
      send(first);
    },
    cancel() {
      finish();
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
