import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The profile used when neither `--profile`, `TILLPOINT_PROFILE` nor a current profile names one. */
export const DEFAULT_PROFILE = 'default';

/** The daemon URL used when neither a flag, the environment nor the profile gives one. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:7400';

/** One named set of connection settings. Tokens are stored here but never printed. */
export interface Profile {
  baseUrl?: string;
  token?: string;
  refreshToken?: string;
}

/** The whole `config.json`: the profiles by name and the one `till profiles use` selected. */
export interface ProfilesFile {
  current?: string;
  profiles: Record<string, Profile>;
}

/** Profile names become JSON keys and appear in shell commands, so keep them plain. */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Whether `name` is a valid profile name: letters, digits, `.`, `_` and `-`, at most 64 characters. */
export function isValidProfileName(name: string): boolean {
  return PROFILE_NAME.test(name);
}

/**
 * The directory holding `config.json`: `TILLPOINT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tillpoint`,
 * else `~/.config/tillpoint`.
 */
export function resolveConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TILLPOINT_CONFIG_DIR) return env.TILLPOINT_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'tillpoint');
}

/**
 * Reads and writes the profiles file. Writes are atomic (temporary file + rename), the file is
 * created with mode 0600 and its directory with 0700, because profiles hold tokens.
 */
export class ProfileStore {
  /** Absolute path of `config.json`. */
  readonly path: string;

  constructor(readonly dir: string = resolveConfigDir()) {
    this.path = join(dir, 'config.json');
  }

  /** The file's contents; an empty file when it does not exist yet. */
  async read(): Promise<ProfilesFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`The profiles file ${this.path} is not valid JSON. Fix or remove it.`);
    }
    const file = (parsed ?? {}) as Partial<ProfilesFile>;
    const profiles: Record<string, Profile> = {};
    for (const [name, value] of Object.entries(file.profiles ?? {})) {
      if (value && typeof value === 'object') profiles[name] = pickProfile(value as Record<string, unknown>);
    }
    return typeof file.current === 'string' ? { current: file.current, profiles } : { profiles };
  }

  /** Replaces the file atomically with `file`, mode 0600. */
  async write(file: ProfilesFile): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `.config.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      // The umask or an existing file may leave other bits set; tokens must stay private.
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** The profile called `name`, or undefined. */
  async get(name: string): Promise<Profile | undefined> {
    return (await this.read()).profiles[name];
  }

  /** Merges `patch` into the profile `name` (creating it); `undefined` values remove a key. */
  async set(name: string, patch: Partial<Profile>): Promise<Profile> {
    const file = await this.read();
    const next: Profile = { ...file.profiles[name] };
    for (const [key, value] of Object.entries(patch) as [keyof Profile, string | undefined][]) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    file.profiles[name] = next;
    await this.write(file);
    return next;
  }

  /** Makes `name` the current profile. Returns false when it does not exist. */
  async use(name: string): Promise<boolean> {
    const file = await this.read();
    if (!file.profiles[name]) return false;
    file.current = name;
    await this.write(file);
    return true;
  }

  /** Deletes the profile `name` (and clears `current` if it pointed there). Returns false when absent. */
  async remove(name: string): Promise<boolean> {
    const file = await this.read();
    if (!file.profiles[name]) return false;
    delete file.profiles[name];
    if (file.current === name) delete file.current;
    await this.write(file);
    return true;
  }
}

function pickProfile(value: Record<string, unknown>): Profile {
  const profile: Profile = {};
  if (typeof value.baseUrl === 'string') profile.baseUrl = value.baseUrl;
  if (typeof value.token === 'string') profile.token = value.token;
  if (typeof value.refreshToken === 'string') profile.refreshToken = value.refreshToken;
  return profile;
}

/** Where each resolved setting came from, for `--debug` and `till status`. */
export type SettingSource = 'flag' | 'env' | 'profile' | 'default';

/** The connection settings after applying precedence: flag, then env, then profile, then default. */
export interface ResolvedSettings {
  profile: string;
  profileSource: SettingSource;
  baseUrl: string;
  baseUrlSource: SettingSource;
  token: string | undefined;
  tokenSource: SettingSource | undefined;
  /**
   * The profile's refresh token, only when the token came from the profile (a `TILLPOINT_TOKEN`
   * from the environment is used as is, never refreshed or persisted).
   */
  refreshToken: string | undefined;
}

/** Inputs of {@link resolveSettings}; `flagX` is only what was typed on the command line. */
export interface ResolveSettingsInput {
  flagProfile?: string | undefined;
  flagBaseUrl?: string | undefined;
  env: NodeJS.ProcessEnv;
  file: ProfilesFile;
}

/**
 * Applies the precedence flag > env > profile > default to the profile name, the base URL and the
 * token. The profile name falls back to the file's `current`, then to {@link DEFAULT_PROFILE}.
 */
export function resolveSettings(input: ResolveSettingsInput): ResolvedSettings {
  const { env, file } = input;
  let profile = DEFAULT_PROFILE;
  let profileSource: SettingSource = 'default';
  if (input.flagProfile) [profile, profileSource] = [input.flagProfile, 'flag'];
  else if (env.TILLPOINT_PROFILE) [profile, profileSource] = [env.TILLPOINT_PROFILE, 'env'];
  else if (file.current) [profile, profileSource] = [file.current, 'profile'];
  const stored = file.profiles[profile] ?? {};

  let baseUrl = DEFAULT_BASE_URL;
  let baseUrlSource: SettingSource = 'default';
  if (input.flagBaseUrl) [baseUrl, baseUrlSource] = [input.flagBaseUrl, 'flag'];
  else if (env.TILLPOINT_URL) [baseUrl, baseUrlSource] = [env.TILLPOINT_URL, 'env'];
  else if (stored.baseUrl) [baseUrl, baseUrlSource] = [stored.baseUrl, 'profile'];

  let token: string | undefined;
  let tokenSource: SettingSource | undefined;
  if (env.TILLPOINT_TOKEN) [token, tokenSource] = [env.TILLPOINT_TOKEN, 'env'];
  else if (stored.token) [token, tokenSource] = [stored.token, 'profile'];
  const refreshToken = tokenSource === 'profile' ? stored.refreshToken : undefined;

  return {
    profile,
    profileSource,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    baseUrlSource,
    token,
    tokenSource,
    refreshToken,
  };
}
