import { createStyle, type Style, stripAnsi, supportsColor } from './colors.js';

/** A writable text stream; `process.stdout` and test buffers both fit. */
export interface TextSink {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
}

/** Options of {@link createOutput}. */
export interface OutputOptions {
  /** `--color`/`--no-color`, undefined when neither was passed. */
  color?: boolean | undefined;
  /** Whether `--json` is on: then human output is suppressed and stdout carries one JSON document. */
  json: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: TextSink;
  stderr?: TextSink;
}

/** One column of {@link Output.table}. */
export interface Column<Row> {
  header: string;
  get(row: Row): string;
}

/**
 * The one place that prints. Results go to stdout (human text, or exactly one JSON document with
 * `--json`); notices, warnings and errors go to stderr. Colour is decided per stream.
 */
export interface Output {
  readonly json: boolean;
  /** Styles for stdout. */
  readonly style: Style;
  /** Styles for stderr. */
  readonly errStyle: Style;
  /** A line of human output on stdout; nothing with `--json`. */
  line(text?: string): void;
  /** Aligned `key  value` lines on stdout; nothing with `--json`. */
  keyValue(pairs: [string, string][]): void;
  /** A table with a header row on stdout; nothing with `--json`. */
  table<Row>(rows: Row[], columns: Column<Row>[]): void;
  /** Writes `value` as the single JSON document on stdout. */
  jsonDocument(value: unknown): void;
  /** A notice on stderr (progress, hints, confirmations); suppressed with `--json`. */
  notice(text: string): void;
  /** A warning on stderr, shown even with `--json`. */
  warn(text: string): void;
  /** A raw line on stderr (errors), shown even with `--json`. */
  errorLine(text: string): void;
}

/** Builds the {@link Output} for one command run. */
export function createOutput(options: OutputOptions): Output {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const style = createStyle(supportsColor({ flag: options.color, env, isTTY: Boolean(stdout.isTTY) }));
  const errStyle = createStyle(supportsColor({ flag: options.color, env, isTTY: Boolean(stderr.isTTY) }));
  const json = options.json;

  const line = (text = '') => {
    if (!json) stdout.write(`${text}\n`);
  };

  return {
    json,
    style,
    errStyle,
    line,
    keyValue(pairs) {
      const width = Math.max(0, ...pairs.map(([key]) => key.length));
      for (const [key, value] of pairs) line(`${style.bold(key.padEnd(width))}  ${value}`);
    },
    table(rows, columns) {
      const cells = rows.map((row) => columns.map((column) => column.get(row)));
      const widths = columns.map((column, i) =>
        Math.max(column.header.length, ...cells.map((row) => stripAnsi(row[i] ?? '').length)),
      );
      const pad = (text: string, i: number) =>
        i === columns.length - 1 ? text : text + ' '.repeat((widths[i] ?? 0) - stripAnsi(text).length);
      line(style.bold(columns.map((column, i) => pad(column.header, i)).join('  ')));
      for (const row of cells) line(row.map((cell, i) => pad(cell, i)).join('  '));
    },
    jsonDocument(value) {
      stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    notice(text) {
      if (!json) stderr.write(`${text}\n`);
    },
    warn(text) {
      stderr.write(`${errStyle.yellow('Warning:')} ${text}\n`);
    },
    errorLine(text) {
      stderr.write(`${text}\n`);
    },
  };
}
