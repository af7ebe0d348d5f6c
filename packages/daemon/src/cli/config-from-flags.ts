import { type Config, type ConfigKey, ConfigSchema, envNameOf, flagNameOf, loadConfig } from '../config.js';

/** One setting of the config schema as a command-line flag. */
export interface SettingFlag {
  /** The flag's name without the dashes: `data-dir`. */
  name: string;
  key: ConfigKey;
  /** `--x` and `--no-x` (its default is a boolean) rather than `--x <value>`. */
  isSwitch: boolean;
  /** The help line, naming the env var and the default. */
  description: string;
}

/**
 * Every setting of the config schema as a flag, for oclif's flag definitions and for the plain `serve`
 * start (see `plain-serve.ts`), so that both read the same settings the same way.
 */
export function settingFlags(): SettingFlag[] {
  const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
  return Object.entries(ConfigSchema.shape).map(([key, schema]) => {
    const value = defaults[key];
    const shown =
      value === undefined || value === '' || typeof value === 'boolean' ? '' : `; default ${String(value)}`;
    return {
      name: flagNameOf(key).slice(2),
      key: key as ConfigKey,
      isSwitch: typeof value === 'boolean',
      description: `${(schema as { description?: string }).description ?? key} (env: ${envNameOf(key)}${shown}).`,
    };
  });
}

const FLAG_TO_KEY = new Map(Object.keys(ConfigSchema.shape).map((key) => [flagNameOf(key).slice(2), key]));

/**
 * The effective config from parsed flags (only the settings among them) and `TILLPOINT_*` env vars.
 * Kept apart from the oclif flag definitions so that `tillpointd serve` can start without loading oclif.
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
