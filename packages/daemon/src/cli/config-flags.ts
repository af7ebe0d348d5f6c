import { Flags, type Interfaces } from '@oclif/core';
import { settingFlags } from './config-from-flags.js';

/** The oclif flags of every setting, keyed by flag name (`data-dir`): strings, and booleans for switches. */
// biome-ignore lint/suspicious/noExplicitAny: oclif's flag types are invariant in their value; a union of string and boolean flags needs `any`
export type ConfigFlags = Interfaces.FlagInput<{ [name: string]: any }>;

/**
 * Every setting of the config schema as an oclif flag of a command (`dataDir` → `--data-dir`),
 * described from the schema with its env var, so flags, env vars and docs cannot drift apart.
 * Booleans get `--x` and `--no-x`; both leave the value unset unless given, so the env var still
 * applies. Values are validated by {@link configFromFlags}, not by oclif, so a bad value gets the
 * same one-line message (exit 78) whether it came from a flag or an env var.
 */
export function configFlags(): ConfigFlags {
  const flags: ConfigFlags = {};
  for (const { name, isSwitch, description } of settingFlags()) {
    flags[name] = isSwitch
      ? Flags.boolean({ description, allowNo: true, helpGroup: 'SETTINGS' })
      : Flags.string({ description, helpValue: '<value>', helpGroup: 'SETTINGS' });
  }
  return flags;
}
