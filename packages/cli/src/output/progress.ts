import { SingleBar } from 'cli-progress';
import type { Output } from './output.js';

/** Progress of a long step: a redrawn bar with ETA on a terminal, plain lines otherwise. */
export interface Progress {
  /** Shows `done` of `total`, with the time left when known. */
  update(done: number, total: number, etaMs?: number): void;
  /** Ends the bar (or the lines). */
  stop(): void;
  /** A line between updates: on a terminal the bar is ended first, so the line is never drawn over. */
  note(text: string): void;
}

/** Formats milliseconds as `1m 05s` or `12s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/**
 * Progress for `label`: cli-progress's bar on stderr when it is a terminal, else one line per
 * update on stderr (`import: 50/200, about 12s left`). Nothing on stdout, so `--json` stays clean.
 */
export function createProgress(output: Output, label: string): Progress {
  if (output.interactive) {
    const bar = new SingleBar({
      stream: output.stderr,
      format: `${label} [{bar}] {value}/{total} | {percentage}% | ETA {left}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    });
    let started = false;
    return {
      update(done, total, etaMs) {
        const left = etaMs === undefined ? '…' : formatDuration(etaMs);
        if (!started) {
          bar.start(total, done, { left });
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { left });
        }
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
      note(text) {
        if (started) {
          bar.stop();
          started = false; // the next update draws a new bar below the line
        }
        output.note(text);
      },
    };
  }
  let last = -1;
  return {
    update(done, total, etaMs) {
      if (done === last) return;
      last = done;
      output.note(
        `${label}: ${done}/${total}${etaMs === undefined ? '' : `, about ${formatDuration(etaMs)} left`}`,
      );
    },
    stop: () => {},
    note: (text) => output.note(text),
  };
}
