import { Flags } from '@oclif/core';
import { CliFailure, EXIT } from './output/describe-error.js';

/** Flags shared by the commerce commands. Each call builds a fresh flag definition. */
export const sharedFlags = {
  /** `--idempotency-key` of commands that POST. */
  idempotencyKey: () =>
    Flags.string({
      description:
        'Idempotency-Key to send (default: a random one). Repeating a command with the same key returns the ' +
        'first result instead of doing it twice.',
      helpValue: '<key>',
    }),
  limit: () => Flags.integer({ description: 'Page size, 1 to 100 (default 20).', min: 1, max: 100 }),
  all: () => Flags.boolean({ description: 'Fetch every page, not just the first.' }),
};

/** The request options carrying `--idempotency-key`, when given. */
export function idempotencyOptions(key: string | undefined): { idempotencyKey?: string } {
  return key === undefined ? {} : { idempotencyKey: key };
}

/** Parses repeated `key=value` flags into an object; fails with exit 2 naming the flag. */
export function parsePairs(values: string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const raw of values) {
    const at = raw.indexOf('=');
    if (at <= 0) {
      throw new CliFailure(`Invalid ${flag} "${raw}": expected key=value.`, 'usage_error', {
        exitCode: EXIT.usage,
      });
    }
    out[raw.slice(0, at)] = raw.slice(at + 1);
  }
  return out;
}
