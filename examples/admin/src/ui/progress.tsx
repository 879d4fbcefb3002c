import type { RunStatus } from '../api';

/** "about 3 s left", "about 2 min left". */
export function etaText(etaMs: number | undefined): string {
  if (etaMs === undefined) return '';
  const seconds = Math.max(1, Math.round(etaMs / 1000));
  return seconds < 90 ? `about ${seconds} s left` : `about ${Math.round(seconds / 60)} min left`;
}

/** A labelled progress bar with done / total and the time left, for a run's status. */
export function RunProgress({ label, status }: { readonly label: string; readonly status: RunStatus }) {
  const done = status.progress?.done ?? 0;
  const total = status.progress?.total;
  const eta = etaText(status.progress?.etaMs);
  return (
    <div class="progress">
      <label>
        {label}
        <progress max={total ?? undefined} value={total ? done : undefined} />
      </label>
      <span>
        {total ? `${done} of ${total}` : `${done} done`}
        {eta ? ` · ${eta}` : ''}
      </span>
    </div>
  );
}
