import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_BIN, type SpawnedDaemon, spawnDaemon } from '../support/spawn-daemon.js';

/** Mounts a small tmpfs for the data dir (and the log), or says why it cannot. */
function mountSmallDisk(): { dir: string; reason?: undefined } | { dir?: undefined; reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'mounting a tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'tillpoint-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tillpoint-full-disk', dir], { stdio: 'pipe' });
    return { dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Writes filler files until the disk refuses a byte more. */
function fillDisk(dir: string): string[] {
  const files: string[] = [];
  for (const size of [1 << 20, 1 << 12, 1]) {
    for (let i = 0; i < 100_000; i++) {
      const file = join(dir, `filler-${size}-${i}`);
      try {
        writeFileSync(file, Buffer.alloc(size));
        files.push(file);
      } catch {
        rmSync(file, { force: true });
        break;
      }
    }
  }
  return files;
}

describe('a full disk', () => {
  const disk = mountSmallDisk();
  let daemon: SpawnedDaemon | undefined;

  beforeAll(async () => {
    if (!disk.dir || !existsSync(DAEMON_BIN)) return;
    daemon = await spawnDaemon({ dataDir: join(disk.dir, 'data'), stdoutFile: join(disk.dir, 'daemon.log') });
  });
  afterAll(async () => {
    await daemon?.stop();
    if (disk.dir) {
      // Lazily: the stopped daemon's last file handles may close a moment later.
      execFileSync('umount', ['-l', disk.dir]);
      rmSync(disk.dir, { recursive: true, force: true });
    }
  });

  it('answers writes 507 storage_full, keeps reads and itself alive, says not ready, and recovers without a restart', async (context) => {
    if (!disk.dir) return context.skip(disk.reason);
    const url = daemon!.url;
    const newCart = () =>
      fetch(`${url}/v1/carts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currency: 'EUR' }),
      });
    const first = await newCart();
    expect(first.status).toBe(201);
    const { id, cart_token } = (await first.json()) as { id: string; cart_token: string };

    const fillers = fillDisk(disk.dir);
    // SQLite reuses space it already holds for a while: write until the disk is needed, within a bound.
    let refused: Response | undefined;
    for (let i = 0; i < 3_000 && !refused; i++) {
      const answer = await newCart();
      if (answer.status !== 201) refused = answer;
    }
    expect(refused?.status).toBe(507);
    expect(refused!.headers.get('retry-after')).toBe('30');
    expect(refused!.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused!.json()).toMatchObject({ code: 'storage_full', status: 507 });

    const read = await fetch(`${url}/v1/carts/${id}`, { headers: { 'x-cart-token': cart_token } });
    expect(read.status).toBe(200);
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'not_ready',
      checks: { storage: { status: 'down' } },
    });
    expect(daemon!.process.exitCode).toBeNull();

    for (const file of fillers) rmSync(file, { force: true });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await newCart()).status).toBe(201);
    expect(daemon!.process.exitCode).toBeNull();
  }, 120_000);
});
