import { afterEach, describe, expect, it, vi } from 'vitest';
import { VERSION } from '../version.js';
import { envValue, randomUUID, userAgent } from './platform-info.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('platform info', () => {
  it('names the runtime in the User-Agent: node, bun, deno; none in a browser', () => {
    expect(userAgent()).toBe(`tillpoint-sdk/${VERSION} node/${process.version}`);
    vi.stubGlobal('Deno', { version: { deno: '2.1.0' } });
    vi.stubGlobal('process', { version: process.version, versions: { node: '22.0.0' } });
    expect(userAgent()).toBe(`tillpoint-sdk/${VERSION} deno/2.1.0`);
    vi.stubGlobal('process', { versions: { node: '22.0.0', bun: '1.2.0' } });
    expect(userAgent()).toBe(`tillpoint-sdk/${VERSION} bun/1.2.0`);
    vi.stubGlobal('Deno', undefined);
    vi.stubGlobal('process', undefined);
    expect(userAgent()).toBeUndefined();
  });

  it('reads the environment where there is one', () => {
    vi.stubEnv('TILLPOINT_PROBE', 'x');
    expect(envValue('TILLPOINT_PROBE')).toBe('x');
    vi.stubEnv('TILLPOINT_PROBE', '');
    expect(envValue('TILLPOINT_PROBE')).toBeUndefined();
    vi.stubGlobal('process', undefined);
    expect(envValue('TILLPOINT_PROBE')).toBeUndefined();
  });

  it('makes v4 UUIDs, also without crypto.randomUUID (browsers outside secure contexts)', () => {
    expect(randomUUID()).toMatch(UUID_V4);
    const { crypto } = globalThis;
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    const ids = new Set(Array.from({ length: 50 }, () => randomUUID()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});
