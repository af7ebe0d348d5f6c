/** What decides whether output is coloured. */
export interface ColorInput {
  /** `--color` (true), `--no-color` (false) or neither (undefined). */
  flag?: boolean | undefined;
  env: NodeJS.ProcessEnv;
  /** Whether the stream being written is a terminal. */
  isTTY: boolean;
}

/**
 * Whether to colour a stream: `--no-color`/`--color` win, then `NO_COLOR` (any non-empty value
 * disables), then `FORCE_COLOR` (`0`/`false` disables, anything else enables), then only on a
 * TTY whose `TERM` is not `dumb`.
 */
export function supportsColor({ flag, env, isTTY }: ColorInput): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') {
    return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  }
  return isTTY && env.TERM !== 'dumb';
}

/** SGR styles used by the CLI. Each returns its input unchanged when colour is off. */
export interface Style {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

/** Builds a {@link Style}; with `enabled` false every function is the identity. */
export function createStyle(enabled: boolean): Style {
  const wrap =
    ([open, close]: readonly [number, number]) =>
    (text: string) =>
      enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: wrap(codes.bold),
    dim: wrap(codes.dim),
    red: wrap(codes.red),
    green: wrap(codes.green),
    yellow: wrap(codes.yellow),
    cyan: wrap(codes.cyan),
  };
}

/** Matches ANSI escape sequences (CSI and OSC), for measuring and for tests. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape codes is the point.
export const ANSI_PATTERN = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** `text` without ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}
