import { parseArgs } from 'node:util';
import { settingFlags } from './config-from-flags.js';

/** Parsed settings in oclif's shape: flag name (`data-dir`) to its string, or to `true`/`false` for a switch. */
export type PlainServeFlags = Record<string, string | boolean>;

/**
 * The flags of a plain `tillpointd serve …`: nothing but settings, each given once, in a form both Node's
 * `parseArgs` and oclif read the same way. Anything else (help, an unknown flag, an argument, a value that starts
 * with a dash, a flag given twice) is `undefined`, and the caller leaves the whole command line to oclif, which
 * answers it as it always has.
 *
 * Why not oclif for this one case: `serve` is the process that then runs for weeks, and oclif's loader, config and
 * parser stay resident in it, about 10 MB of a daemon that idles at 100 (ADR-066). The flags are the same settings
 * (`settingFlags()`), and a test checks that oclif's parser gives the same flags for every command line this
 * accepts.
 */
export function plainServeFlags(args: readonly string[]): PlainServeFlags | undefined {
  const settings = settingFlags();
  const switches = new Set(settings.filter((flag) => flag.isSwitch).map((flag) => flag.name));
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const { name, isSwitch } of settings) {
    options[name] = { type: isSwitch ? 'boolean' : 'string' };
    if (isSwitch) options[`no-${name}`] = { type: 'boolean' };
  }
  let tokens: ReturnType<typeof parseArgs>['tokens'];
  try {
    ({ tokens } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: false,
      tokens: true,
    }));
  } catch {
    return undefined;
  }
  const flags: PlainServeFlags = {};
  for (const token of tokens ?? []) {
    if (token.kind !== 'option') return undefined;
    const negated = token.name.startsWith('no-') && switches.has(token.name.slice(3));
    const name = negated ? token.name.slice(3) : token.name;
    if (name in flags) return undefined;
    flags[name] = switches.has(name) ? !negated : (token.value ?? '');
  }
  return flags;
}
