import { api, BASE_PATH, type RunStatus } from '../api';

/**
 * Follows a run until it ends: Server-Sent Events where the route and the browser have them,
 * polling otherwise (and when the stream breaks). Calls `onStatus` on every change; resolves with the last status.
 */
export function followRun(
  statusPath: string,
  onStatus: (status: RunStatus) => void,
  { events = true }: { readonly events?: boolean } = {},
): Promise<RunStatus> {
  return new Promise((resolve, reject) => {
    const finish = (status: RunStatus): void => {
      onStatus(status);
      resolve(status);
    };
    const poll = async (): Promise<void> => {
      try {
        for (;;) {
          const status = await api<RunStatus>('GET', statusPath);
          if (status.state === 'done' || status.state === 'failed') return finish(status);
          onStatus(status);
          await new Promise((wait) => setTimeout(wait, 250));
        }
      } catch (error) {
        reject(error);
      }
    };
    if (!events || typeof EventSource === 'undefined') {
      void poll();
      return;
    }
    const source = new EventSource(`${BASE_PATH}${statusPath}/events`);
    const read = (event: MessageEvent<string>): RunStatus => JSON.parse(event.data) as RunStatus;
    source.addEventListener('progress', (event) => onStatus(read(event as MessageEvent<string>)));
    for (const name of ['done', 'failed']) {
      source.addEventListener(name, (event) => {
        source.close();
        finish(read(event as MessageEvent<string>));
      });
    }
    source.onerror = () => {
      source.close();
      void poll();
    };
  });
}
