import { api, BASE_PATH, type RunStatus } from '../api';

/**
 * Follows a run until it ends: Server-Sent Events where the route and the browser have them,
 * polling otherwise (and when the stream breaks). Calls `onStatus` on every change; resolves with the last status.
 */
export function followRun(
  statusPath: string,
  onStatus: (status: RunStatus) => void,
  { events = true, maxMs = 60 * 60 * 1000 }: { readonly events?: boolean; readonly maxMs?: number } = {},
): Promise<RunStatus> {
  // A server that never ends the run (or a stream that stays open with no end) cannot hold the
  // page forever: after `maxMs` the run is reported as not finishing, and the page can read it again.
  const deadline = Date.now() + maxMs;
  const tooLong = () =>
    new Error(`The run did not finish within ${Math.round(maxMs / 60_000)} min; check it again later`);
  return new Promise((resolve, reject) => {
    const finish = (status: RunStatus): void => {
      onStatus(status);
      resolve(status);
    };
    const poll = async (): Promise<void> => {
      try {
        while (Date.now() < deadline) {
          const status = await api<RunStatus>('GET', statusPath);
          if (status.state === 'done' || status.state === 'failed' || status.state === 'cancelled')
            return finish(status);
          onStatus(status);
          await new Promise((wait) => setTimeout(wait, 250));
        }
        reject(tooLong());
      } catch (error) {
        reject(error);
      }
    };
    if (!events || typeof EventSource === 'undefined') {
      void poll();
      return;
    }
    const source = new EventSource(`${BASE_PATH}${statusPath}/events`);
    const timer = setTimeout(() => {
      source.close();
      reject(tooLong());
    }, maxMs);
    const read = (event: MessageEvent<string>): RunStatus => JSON.parse(event.data) as RunStatus;
    source.addEventListener('progress', (event) => onStatus(read(event as MessageEvent<string>)));
    for (const name of ['done', 'failed', 'cancelled']) {
      source.addEventListener(name, (event) => {
        clearTimeout(timer);
        source.close();
        finish(read(event as MessageEvent<string>));
      });
    }
    source.onerror = () => {
      clearTimeout(timer);
      source.close();
      void poll();
    };
  });
}
