/**
 * A reader that went away (`psa-bridge doctor | head -1`) closes the pipe: the next write fails
 * with `EPIPE`. That is not a failure of the command: end quietly, as `gh` and `git` do, instead
 * of an unhandled `'error'` event and its stack.
 */
export function endQuietlyOnClosedPipe(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
}
