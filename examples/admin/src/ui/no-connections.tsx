/** What a screen shows before any PSA is connected: a way to the PSA integrations screen. */
export function NoConnections() {
  return (
    <p>
      No PSA is connected yet. <a href="#integrations">Connect a PSA</a> first.
    </p>
  );
}
