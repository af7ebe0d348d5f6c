import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's Chromium, which playwright-core drives (Playwright's own browser downloads are not used). */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser test can run here, and why not. Installing needs root, as on the CI machine. */
export function chromiumAvailability(): { ok: true } | { ok: false; reason: string } {
  if (existsSync(CHROMIUM)) return { ok: true };
  if (process.getuid?.() === 0) return { ok: true };
  return {
    ok: false,
    reason: `${CHROMIUM} is missing and this process is not root, so it cannot run apt-get install chromium`,
  };
}

/**
 * Installs Debian's `chromium` when it is missing (we are root: see chromiumAvailability). Tries without
 * `apt-get update` first, as packages/cli/test/dashboard.test.ts does for tmux. Resolves with whether it installed.
 */
export async function ensureChromium(): Promise<{ installed: boolean }> {
  if (existsSync(CHROMIUM)) return { installed: false };
  const options = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 480_000 };
  // Another apt-get may hold the lock (a parallel test or a person): wait for it instead of failing.
  // Without its recommends (udev, printing, Mesa) but with a font, so that screenshots show text.
  const packages = ['chromium', 'fonts-liberation'];
  const install = ['-o', 'DPkg::Lock::Timeout=120', 'install', '-y', '--no-install-recommends', ...packages];
  try {
    await run('apt-get', install, options);
  } catch {
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=120', 'update'], options);
    await run('apt-get', install, options);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install chromium succeeded but ${CHROMIUM} is missing`);
  return { installed: true };
}
