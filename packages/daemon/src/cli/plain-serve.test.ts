import { Parser } from '@oclif/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFlags } from './config-flags.js';
import { settingFlags } from './config-from-flags.js';
import { plainServeFlags } from './plain-serve.js';

const SETTINGS = settingFlags();
const SWITCHES = SETTINGS.filter((flag) => flag.isSwitch).map((flag) => flag.name);
const VALUED = SETTINGS.filter((flag) => !flag.isSwitch).map((flag) => flag.name);

/** What oclif's parser makes of `serve`'s command line, with the flags that were not given left out. */
async function oclifFlags(args: string[]): Promise<Record<string, unknown> | 'refused'> {
  try {
    const { flags } = await Parser.parse(args, { flags: configFlags(), strict: true });
    return Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  } catch {
    return 'refused';
  }
}

/** One flag as a user may write it: a switch or its `--no-` form, a value as one word or two. */
const oneFlag = fc.oneof(
  fc
    .record({ name: fc.constantFrom(...SWITCHES), negated: fc.boolean() })
    .map(({ name, negated }) => [negated ? `--no-${name}` : `--${name}`]),
  fc
    .record({
      name: fc.constantFrom(...VALUED),
      value: fc.oneof(
        fc.constantFrom('8080', '0', '127.0.0.1', 'a b', '', 'x=y'),
        fc.string({ maxLength: 8 }),
      ),
      joined: fc.boolean(),
    })
    .map(({ name, value, joined }) => (joined ? [`--${name}=${value}`] : [`--${name}`, value])),
);

describe('the plain serve start', () => {
  it('reads every command line it accepts exactly as oclif does', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(oneFlag, { maxLength: 5 }), async (parts) => {
        const args = parts.flat();
        const plain = plainServeFlags(args);
        if (plain === undefined) return;
        compared += 1;
        expect(await oclifFlags(args)).toEqual(plain);
      }),
      { numRuns: 300 },
    );
    // Most generated command lines are plain: the property is about them, not about what falls back.
    expect(compared).toBeGreaterThan(150);
  });

  it('takes settings in both spellings and switches in both senses', () => {
    expect(
      plainServeFlags(['--port', '8080', '--data-dir=/srv/shop', '--no-migrate', '--scheduler', '--host=']),
    ).toEqual({ port: '8080', 'data-dir': '/srv/shop', migrate: false, scheduler: true, host: '' });
    expect(plainServeFlags([])).toEqual({});
  });

  it('leaves to oclif whatever is not plain settings given once', () => {
    for (const args of [
      ['--help'],
      ['-h'],
      ['--json'],
      ['--bogus'],
      ['extra'],
      ['--port'],
      ['--port', '-1'],
      ['--migrate=false'],
      ['--port', '1', '--port', '2'],
      ['--migrate', '--no-migrate'],
      ['--', '--port', '1'],
    ]) {
      expect(plainServeFlags(args), args.join(' ')).toBeUndefined();
    }
  });
});
