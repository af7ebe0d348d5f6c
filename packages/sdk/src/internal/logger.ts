/** Log levels from most to least verbose; `off` silences the SDK. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/** Anything with console-like methods. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(LEVELS, value);
}

// console.debug/info write to stdout, which belongs to the caller (a CLI's --json output); the SDK only uses stderr.
const stderrLogger: Logger = {
  debug: (message, ...args) => console.error(`[tillpoint] debug ${message}`, ...args),
  info: (message, ...args) => console.error(`[tillpoint] info ${message}`, ...args),
  warn: (message, ...args) => console.error(`[tillpoint] warn ${message}`, ...args),
  error: (message, ...args) => console.error(`[tillpoint] error ${message}`, ...args),
};

const noop = () => {};

/** Wraps a logger so that messages below `level` are dropped. */
export function createLevelLogger(level: LogLevel, logger: Logger = stderrLogger): Logger {
  const min = LEVELS[level];
  const pick = (name: Exclude<LogLevel, 'off'>) =>
    LEVELS[name] >= min ? (message: string, ...args: unknown[]) => logger[name](message, ...args) : noop;
  return { debug: pick('debug'), info: pick('info'), warn: pick('warn'), error: pick('error') };
}

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-cart-token',
  'x-order-token',
]);
/** API keys (`tp_…`) and guest cart and order tokens (`tpc_…`, `tpo_…`). */
const API_KEY_PATTERN = /\b(tp[co]?_)[A-Za-z0-9_-]+/g;
const BEARER_PATTERN = /\b(Bearer|Basic)\s+[^\s,;]+/gi;

/** Replaces API keys (`tp_…`), guest tokens (`tpc_…`, `tpo_…`) and bearer/basic credentials inside free text. */
export function redactText(text: string): string {
  return text.replace(BEARER_PATTERN, '$1 [REDACTED]').replace(API_KEY_PATTERN, '$1[REDACTED]');
}

/** A copy of `headers` safe to log: credential headers are replaced whole, other values scrubbed of keys. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? '[REDACTED]' : redactText(value);
  }
  return out;
}

const SECRET_QUERY = /^(token|access_token|api_key|apikey|key|password|secret)$/i;

/** A URL safe to log: secret-looking query parameters and any embedded credentials are replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = 'REDACTED';
      parsed.password = '';
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY.test(key)) parsed.searchParams.set(key, 'REDACTED');
    }
    return redactText(parsed.toString());
  } catch {
    return redactText(url);
  }
}
