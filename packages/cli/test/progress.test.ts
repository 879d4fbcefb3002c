import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput } from '../src/output/output.js';
import { createProgress, formatDuration } from '../src/output/progress.js';

const streams = (isTTY: boolean) => {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return { stdout, stderr, text: () => ({ out, err }) };
};

describe('progress', () => {
  it('draws a bar with ETA on a terminal, on stderr only', async () => {
    const io = streams(true);
    const progress = createProgress(createOutput({ ...io, json: true }), 'import');
    progress.update(0, 40);
    progress.update(10, 40, 65_000);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    const { out, err } = io.text();
    expect(out).toBe('');
    expect(err).toContain('import [');
    expect(err).toContain('10/40');
    expect(err).toContain('ETA 1m 05s');
  });

  it('puts a note between updates on a line of its own, never under the bar', async () => {
    const io = streams(true);
    const progress = createProgress(createOutput({ ...io, json: false }), 'import');
    progress.update(0, 40);
    progress.update(10, 40, 5_000);
    progress.note('Stopping after the batch in flight');
    progress.update(12, 40, 4_000);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    // What a terminal shows of each line: the text after its last carriage return, without escapes.
    const shown = io
      .text()
      .err.split('\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are the point
      .map((line) => (line.split('\r').at(-1) ?? '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ''));
    expect(shown).toContain('Stopping after the batch in flight');
    expect(shown.filter((line) => line.includes('Stopping'))).toEqual(['Stopping after the batch in flight']);
    expect(shown.some((line) => line.includes('12/40'))).toBe(true);
  });

  it('prints plain lines otherwise, one per change', async () => {
    const io = streams(false);
    const progress = createProgress(createOutput({ ...io, json: false }), 'import');
    progress.update(0, 4);
    progress.update(2, 4, 1_200);
    progress.update(2, 4, 1_200);
    progress.stop();
    expect(io.text().err).toBe('import: 0/4\nimport: 2/4, about 1s left\n');
    expect(io.text().out).toBe('');
  });

  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(59_400), formatDuration(61_000), formatDuration(-5)]).toEqual([
      '0s',
      '59s',
      '1m 01s',
      '0s',
    ]);
  });
});
