/**
 * Terminal output for the examples: headings, tables, a progress bar. Colours and the redrawn
 * bar appear only when stdout is a TTY (and `NO_COLOR` is unset); piped output stays plain
 * text, one line per event, so logs and tests read it easily.
 */
import { stdout } from 'node:process';

const interactive = Boolean(stdout.isTTY);
const coloured = interactive && !process.env.NO_COLOR;

const paint =
  (open: number, close: number) =>
  (text: string): string =>
    coloured ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/** ANSI styles; each returns the text unchanged when colours are off. */
export const style = {
  bold: paint(1, 22),
  dim: paint(2, 22),
  red: paint(31, 39),
  green: paint(32, 39),
  yellow: paint(33, 39),
  cyan: paint(36, 39),
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI codes this file writes
const ANSI = /\u001b\[[0-9;]*m/g;
const width = (text: string): number => text.replace(ANSI, '').length;

/** Prints a line. */
export function say(text = ''): void {
  stdout.write(`${text}\n`);
}

let stepNumber = 0;

/** Prints a numbered step heading. */
export function step(title: string): void {
  stepNumber += 1;
  say();
  say(style.bold(style.cyan(`${stepNumber}. ${title}`)));
}

/** A table column: a header and how to render a row's cell. */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
}

/** Prints rows as an aligned table, indented by two spaces. */
export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): void {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...cells.map((line) => width(line[i] ?? ''))),
  );
  const render = (line: readonly string[]): string =>
    `  ${line.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell))).join('  ')}`.trimEnd();
  say(style.dim(render(columns.map((column) => column.header))));
  for (const line of cells) say(render(line));
}

/** A progress bar for long steps. */
export interface ProgressBar {
  /** Shows `done` of `total`, with an optional note (an ETA, counts). */
  update(done: number, total: number, note?: string): void;
  /** Ends the bar on its own line. */
  finish(): void;
}

/**
 * A progress bar: redrawn in place on a TTY; elsewhere one plain line at each quarter, so
 * piped output stays short.
 */
export function progressBar(label: string): ProgressBar {
  let lastQuarter = -1;
  let drawn = false;
  return {
    update(done, total, note = '') {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const text = `${done}/${total}${note ? `  ${note}` : ''}`;
      if (interactive) {
        const filled = Math.round(ratio * 30);
        const bar = `${style.green('█'.repeat(filled))}${style.dim('░'.repeat(30 - filled))}`;
        stdout.write(`\r\u001b[2K  ${label} ${bar} ${text}`);
        drawn = true;
        return;
      }
      const quarter = Math.floor(ratio * 4);
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      say(`  ${label} ${Math.round(ratio * 100)}%  ${text}`);
    },
    finish() {
      if (drawn) stdout.write('\n');
    },
  };
}
