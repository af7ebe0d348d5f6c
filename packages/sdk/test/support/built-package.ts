import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PKG_DIR = resolve(import.meta.dirname, '../..');
export const DIST = join(PKG_DIR, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  try {
    const sources = newestMtime(join(PKG_DIR, 'src'));
    // The declaration build finishes last; the web build is a separate output.
    return (
      statSync(join(DIST, 'index.d.cts')).mtimeMs >= sources &&
      statSync(join(DIST, 'web/storefront.js')).mtimeMs >= sources
    );
  } catch {
    return false;
  }
}

/** Builds the package unless dist is newer than every source file: tests of the built package read dist. */
export function ensureBuilt(): void {
  if (!distIsFresh()) execFileSync('pnpm', ['run', 'build'], { cwd: PKG_DIR, stdio: 'pipe' });
}
