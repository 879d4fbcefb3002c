/** A column of {@link Output.table}. */
export interface Column<Row> {
  /** The header. */
  readonly header: string;
  /** The cell text of a row. */
  readonly cell: (row: Row) => string;
}

/** Where a command writes: lines for people, or one JSON document for scripts (`--json`). */
export interface Output {
  /** Whether `--json` was given: only {@link Output.json} reaches stdout. */
  readonly json: boolean;
  /** Whether stderr is a terminal (a redrawn progress bar fits there). */
  readonly interactive: boolean;
  /** A line for people (left out with `--json`). */
  line(text?: string): void;
  /** A table for people (left out with `--json`). */
  table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): void;
  /** The command's result for scripts (only with `--json`). */
  result(value: unknown): void;
  /** A warning or a progress line: always on stderr, never mixed with the result. */
  note(text: string): void;
  /** The error stream, for a progress bar. */
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean | undefined };
}

/** Streams and switches of {@link createOutput}. */
export interface OutputOptions {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean | undefined };
  readonly json: boolean;
}

/** The output of one command run. */
export function createOutput({ stdout, stderr, json }: OutputOptions): Output {
  const write = (text: string) => {
    if (!json) stdout.write(`${text}\n`);
  };
  return {
    json,
    interactive: stderr.isTTY === true,
    line: (text = '') => write(text),
    table(rows, columns) {
      if (json) return;
      const cells = rows.map((row) => columns.map((column) => oneLine(column.cell(row))));
      const widths = columns.map((column, index) =>
        Math.max(column.header.length, ...cells.map((row) => [...(row[index] ?? '')].length)),
      );
      const format = (values: readonly string[]) =>
        values
          .map((value, index) => value + ' '.repeat(Math.max(0, (widths[index] ?? 0) - [...value].length)))
          .join('  ')
          .trimEnd();
      write(format(columns.map((column) => column.header)));
      write(format(widths.map((width) => '-'.repeat(width))));
      for (const row of cells) write(format(row));
    },
    result(value) {
      if (json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    note: (text) => {
      stderr.write(`${text}\n`);
    },
    stderr,
  };
}

/** Vendor text on one line: control characters (new lines, escapes) become spaces. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}
