import { Flags, type Interfaces } from '@oclif/core';
import { type Config, type ConfigKey, ConfigSchema, envNameOf, flagNameOf, loadConfig } from '../config.js';

/** The oclif flags of every setting, keyed by flag name (`data-dir`): strings, and booleans for switches. */
// biome-ignore lint/suspicious/noExplicitAny: oclif's flag types are invariant in their value; a union of string and boolean flags needs `any`
export type ConfigFlags = Interfaces.FlagInput<{ [name: string]: any }>;

const FLAG_TO_KEY = new Map(Object.keys(ConfigSchema.shape).map((key) => [flagNameOf(key).slice(2), key]));

/**
 * Every setting of the config schema as an oclif flag of a command (`dataDir` → `--data-dir`),
 * described from the schema with its env var, so flags, env vars and docs cannot drift apart.
 * Booleans get `--x` and `--no-x`; both leave the value unset unless given, so the env var still
 * applies. Values are validated by {@link configFromFlags}, not by oclif, so a bad value gets the
 * same one-line message (exit 78) whether it came from a flag or an env var.
 */
export function configFlags(): ConfigFlags {
  const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
  const flags: ConfigFlags = {};
  for (const [key, schema] of Object.entries(ConfigSchema.shape)) {
    const name = flagNameOf(key).slice(2);
    const value = defaults[key];
    const shown =
      value === undefined || value === '' || typeof value === 'boolean' ? '' : `; default ${String(value)}`;
    const description = `${(schema as { description?: string }).description ?? key} (env: ${envNameOf(key)}${shown}).`;
    flags[name] =
      typeof value === 'boolean'
        ? Flags.boolean({ description, allowNo: true, helpGroup: 'SETTINGS' })
        : Flags.string({ description, helpValue: '<value>', helpGroup: 'SETTINGS' });
  }
  return flags;
}

/**
 * The effective config from parsed flags (only the settings among them) and `TILLPOINT_*` env vars.
 * @throws ConfigError naming the first bad setting.
 */
export function configFromFlags(flags: Record<string, unknown>): Config {
  const settings: Partial<Record<ConfigKey, unknown>> = {};
  for (const [name, value] of Object.entries(flags)) {
    const key = FLAG_TO_KEY.get(name) as ConfigKey | undefined;
    if (key !== undefined && value !== undefined) settings[key] = value;
  }
  return loadConfig(settings);
}
