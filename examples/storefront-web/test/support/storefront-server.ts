import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview } from 'vite';
import { cleanEnv } from '../../../../packages/cli/test/support/run-till.js';

/** examples/storefront-web. */
export const EXAMPLE_ROOT = resolve(import.meta.dirname, '../..');
/** What the storefront's bundle imports: the SDK's web build (`browser` condition of `@tillpoint/sdk/storefront`). */
const SDK_WEB_BUILD = resolve(EXAMPLE_ROOT, '../../packages/sdk/dist/web/storefront.js');
const VITE_BIN = resolve(EXAMPLE_ROOT, 'node_modules/vite/bin/vite.js');

/** Throws a clear message when the SDK was not built before the test (`pnpm build`). */
export function assertSdkBuilt(): void {
  if (!existsSync(SDK_WEB_BUILD))
    throw new Error(
      `${SDK_WEB_BUILD} is missing: run \`pnpm build\` (or \`pnpm --filter @tillpoint/sdk build\`) first.`,
    );
}

/** Output and exit code of a finished child process; it is killed when it outlives `timeoutMs`. */
export function runNode(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, {
    cwd: EXAMPLE_ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/**
 * `vite build` of the example (its `build` script) into `outDir`, for the daemon at `apiUrl`, as a person would run
 * it. In its own process: vitest's `NODE_ENV=test` would make Vite build for development.
 */
export async function buildStorefront(apiUrl: string, outDir: string): Promise<void> {
  const { code, output } = await runNode([VITE_BIN, 'build', '--outDir', outDir, '--emptyOutDir'], {
    VITE_TILLPOINT_URL: apiUrl,
  });
  if (code !== 0) throw new Error(`vite build failed (${code}):\n${output}`);
}

/** `vite preview` of a built storefront on 127.0.0.1:`port`. */
export async function serveStorefront(outDir: string, port: number) {
  const server = await preview({
    root: EXAMPLE_ROOT,
    configFile: false,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true },
  });
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}
