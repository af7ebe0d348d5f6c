import { readFile } from 'node:fs/promises';
import { CliFailure, EXIT } from '../output/describe-error.js';

/** Splits `/v1/orders?limit=5` into the path and its query parameters. */
export function splitPathQuery(raw: string): { path: string; query: Record<string, string> } {
  const withSlash = raw.startsWith('/') ? raw : `/${raw}`;
  const mark = withSlash.indexOf('?');
  if (mark === -1) return { path: withSlash, query: {} };
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(withSlash.slice(mark + 1))) query[key] = value;
  return { path: withSlash.slice(0, mark), query };
}

/** Parses `Name: value` (or `Name:value`) into a header pair. */
export function parseHeader(raw: string): [string, string] {
  const colon = raw.indexOf(':');
  const name = colon === -1 ? '' : raw.slice(0, colon).trim();
  if (!name || /\s/.test(name)) {
    throw new CliFailure(`Invalid header "${raw}": expected "Name: value".`, 'usage_error', {
      exitCode: EXIT.usage,
    });
  }
  return [name, raw.slice(colon + 1).trim()];
}

/**
 * Decodes a `-F` value: `true`, `false`, `null`, numbers and JSON objects/arrays become typed values;
 * everything else stays a string.
 */
export function decodeTypedValue(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
  if (/^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** `items[0][sku]` → `['items', '0', 'sku']`; `tags[]` → `['tags', '']` (append). */
export function parseFieldKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw new CliFailure(`Invalid field key "${key}".`, 'usage_error', { exitCode: EXIT.usage });
  const segments = [match[1]!];
  for (const [, inner] of (match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)) segments.push(inner ?? '');
  return segments;
}

/**
 * Builds a JSON object from `-f key=value` (strings) and `-F key=value` (typed) flags. Bracketed keys
 * nest objects; `[]` appends to an array and a numeric segment indexes one.
 */
export function buildFields(raw: string[], typed: string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const entries = [
    ...raw.map((field) => [field, false] as const),
    ...typed.map((field) => [field, true] as const),
  ];
  for (const [field, isTyped] of entries) {
    const eq = field.indexOf('=');
    if (eq < 1) {
      throw new CliFailure(`Invalid field "${field}": expected key=value.`, 'usage_error', {
        exitCode: EXIT.usage,
      });
    }
    const value = field.slice(eq + 1);
    assign(root, parseFieldKey(field.slice(0, eq)), isTyped ? decodeTypedValue(value) : value);
  }
  return root;
}

type Container = Record<string, unknown> | unknown[];

function assign(root: Record<string, unknown>, segments: string[], value: unknown): void {
  let target: Container = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = segments[i + 1];
    const slot: string | number = Array.isArray(target)
      ? segment === ''
        ? target.length
        : Number(segment)
      : segment;
    const record = target as Record<string | number, unknown>;
    if (next === undefined) {
      record[slot] = value;
      return;
    }
    const existing = record[slot];
    if (typeof existing === 'object' && existing !== null) {
      target = existing as Container;
    } else {
      const created: Container = next === '' || /^\d+$/.test(next) ? [] : {};
      record[slot] = created;
      target = created;
    }
  }
}

/** Reads text from a file, or from stdin when `source` is `-`; `flag` names the option in errors. */
export async function readTextInput(
  source: string,
  stdin: NodeJS.ReadableStream,
  flag: string,
): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    throw new CliFailure(`Cannot read ${flag} ${source}: ${(error as Error).message}`, 'invalid_input');
  }
}

/** Reads a JSON body from a file, or from stdin when `source` is `-`. An empty input means no body. */
export async function readJsonInput(
  source: string,
  stdin: NodeJS.ReadableStream = process.stdin,
  flag = '--input',
): Promise<unknown> {
  const text = await readTextInput(source, stdin, flag);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliFailure(
      `${flag} ${source === '-' ? 'from stdin' : source} is not valid JSON: ${(error as Error).message}`,
      'invalid_input',
    );
  }
}
