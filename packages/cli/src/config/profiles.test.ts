import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, ProfileStore, resolveConfigDir, resolveSettings } from './profiles.js';

describe('resolveConfigDir', () => {
  it('prefers TILLPOINT_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(resolveConfigDir({ TILLPOINT_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/b' })).toBe('/a');
    expect(resolveConfigDir({ XDG_CONFIG_HOME: '/b' })).toBe('/b/tillpoint');
    expect(resolveConfigDir({})).toMatch(/\.config\/tillpoint$/);
  });
});

describe('resolveSettings', () => {
  const file = {
    current: 'prod',
    profiles: { prod: { baseUrl: 'http://prod', token: 'p-tok' }, dev: { baseUrl: 'http://dev/' } },
  };

  it('uses the current profile when nothing else is given', () => {
    expect(resolveSettings({ env: {}, file })).toMatchObject({
      profile: 'prod',
      profileSource: 'profile',
      baseUrl: 'http://prod',
      baseUrlSource: 'profile',
      token: 'p-tok',
      tokenSource: 'profile',
    });
  });

  it('applies flag > env > profile > default', () => {
    const env = { TILLPOINT_URL: 'http://env', TILLPOINT_PROFILE: 'dev', TILLPOINT_TOKEN: 'e-tok' };
    expect(resolveSettings({ env, file, flagBaseUrl: 'http://flag', flagProfile: 'prod' })).toMatchObject({
      profile: 'prod',
      profileSource: 'flag',
      baseUrl: 'http://flag',
      baseUrlSource: 'flag',
      token: 'e-tok',
      tokenSource: 'env',
    });
    expect(resolveSettings({ env, file })).toMatchObject({ profile: 'dev', baseUrl: 'http://env' });
    expect(resolveSettings({ env: { TILLPOINT_PROFILE: 'dev' }, file })).toMatchObject({
      baseUrl: 'http://dev',
    });
    expect(resolveSettings({ env: {}, file: { profiles: {} } })).toMatchObject({
      profile: 'default',
      baseUrl: DEFAULT_BASE_URL,
      baseUrlSource: 'default',
      token: undefined,
    });
  });
});

describe('ProfileStore', () => {
  it('writes atomically with 0600, merges, switches and removes', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'till-store-')), 'cfg');
    try {
      const store = new ProfileStore(dir);
      expect(await store.read()).toEqual({ profiles: {} });
      await store.set('a', { baseUrl: 'http://a', token: 't' });
      await store.set('a', { baseUrl: undefined });
      expect(await store.get('a')).toEqual({ token: 't' });
      expect((await stat(store.path)).mode & 0o777).toBe(0o600);
      expect(await readdir(dir)).toEqual(['config.json']); // no temporary file left behind
      expect(await store.use('missing')).toBe(false);
      expect(await store.use('a')).toBe(true);
      expect(JSON.parse(await readFile(store.path, 'utf8')).current).toBe('a');
      expect(await store.remove('a')).toBe(true);
      expect(await store.read()).toEqual({ profiles: {} });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tightens an existing file to 0600 and reports invalid JSON clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'till-store-'));
    try {
      const store = new ProfileStore(dir);
      await writeFile(store.path, '{broken', { mode: 0o644 });
      await expect(store.read()).rejects.toThrow(/not valid JSON/);
      await store.write({ profiles: {} });
      expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
