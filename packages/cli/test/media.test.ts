import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminDaemon } from './support/admin-daemon.js';
import { PNG_2X3 } from './support/png.js';
import { ANSI, cleanEnv, runTill, TILL_BIN } from './support/run-till.js';

// Product media through the built `till` against a spawned daemon: upload a PNG from a file, list, show, move,
// download byte for byte, delete, and the errors.

let session: Awaited<ReturnType<typeof startAdminDaemon>>;
let dir: string;
const till = (args: string[], input?: string) => session.till(args, input);
const tillJson = <T = Record<string, unknown>>(args: string[]) => session.tillJson<T>(args);
/** Human output as a pipe in CI sees it: no TTY, no colour. */
const tillPlain = (args: string[]) =>
  runTill(args, {
    env: { TILLPOINT_CONFIG_DIR: session.configDir, TILLPOINT_URL: session.daemon.url, CI: '1' },
  });

/** Runs `till` keeping stdout as raw bytes (an image does not survive decoding as text). */
function tillBytes(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TILL_BIN, ...args], {
      env: cleanEnv({ TILLPOINT_CONFIG_DIR: session.configDir, TILLPOINT_URL: session.daemon.url, CI: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: Record<string, unknown> }).error;

interface Media {
  id: string;
  object: 'media';
  productId: string;
  url: string;
  contentType: string;
  filename: string | null;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  alt: string | null;
  position: number;
}
interface List<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

beforeAll(async () => {
  session = await startAdminDaemon();
  dir = await mkdtemp(join(tmpdir(), 'till-media-'));
  await writeFile(join(dir, 'front.png'), PNG_2X3);
  await writeFile(join(dir, 'side.png'), PNG_2X3);
  await writeFile(join(dir, 'notes.png'), 'These are notes, not an image.\n');
});

afterAll(async () => {
  await session?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('till products media', () => {
  let productId: string;
  let front: Media;
  let side: Media;

  it('upload --json prints the image: type, size and 2x3 read from the bytes', async () => {
    const product = await tillJson<{ id: string; media: Media[] }>([
      'products',
      'create',
      '--sku',
      `MUG-${randomUUID().slice(0, 8)}`,
      '--name',
      'Mug',
      '--price',
      '1200',
      '--currency',
      'EUR',
    ]);
    productId = product.id;
    expect(product.media).toEqual([]);

    front = await tillJson<Media>([
      'products',
      'media',
      'upload',
      productId,
      join(dir, 'front.png'),
      '--alt',
      'The mug from the front',
    ]);
    expect(front).toMatchObject({
      object: 'media',
      productId,
      contentType: 'image/png',
      filename: 'front.png',
      size: PNG_2X3.length,
      width: 2,
      height: 3,
      alt: 'The mug from the front',
      position: 0,
    });
    expect(front.id).toMatch(/^med_/);
  });

  it('upload prints one final line off a TTY, without colour or spinner', async () => {
    const result = await tillPlain([
      'products',
      'media',
      'upload',
      productId,
      join(dir, 'side.png'),
      '--position',
      '0',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(ANSI);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^✓ Uploaded side\\.png to product ${productId} as med_\\w+: image/png, 75 B, 2x3, position 0\\.$`,
      ),
    );
  });

  it('list --json gives the images in order; the table shows position, type, size, WxH and alt', async () => {
    const list = await tillJson<List<Media>>(['products', 'media', 'list', productId]);
    expect(list).toMatchObject({ object: 'list', has_more: false });
    expect(list.data.map((m) => [m.filename, m.position])).toEqual([
      ['side.png', 0],
      ['front.png', 1],
    ]);
    side = list.data[0]!;

    const table = await tillPlain(['products', 'media', 'list', productId]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/POSITION\s+ID\s+TYPE\s+SIZE\s+WxH\s+ALT/);
    expect(table.stdout).toMatch(
      new RegExp(`1\\s+${front.id}\\s+image/png\\s+75 B\\s+2x3\\s+The mug from the front`),
    );
  });

  it('products get shows the images (and --json carries them)', async () => {
    const shown = await tillPlain(['products', 'get', productId]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toMatch(ANSI);
    expect(shown.stdout).toMatch(/^Media\s+2 images$/m);
    expect(shown.stdout).toMatch(
      new RegExp(`^0\\s+${side.id}\\s+image/png\\s+75 B\\s+2x3\\s+\\(none\\)$`, 'm'),
    );
    expect(shown.stdout).toMatch(new RegExp(`^1\\s+${front.id}\\s+image/png\\s+75 B\\s+2x3\\s+The mug`, 'm'));
    const json = await tillJson<{ media: Media[] }>(['products', 'get', productId]);
    expect(json.media.map((m) => m.id)).toEqual([side.id, front.id]);
  });

  it('update changes the alt text and moves an image; nothing to change is a usage error', async () => {
    const moved = await tillJson<Media>([
      'products',
      'media',
      'update',
      front.id,
      '--position',
      '0',
      '--alt',
      'Front',
    ]);
    expect(moved).toMatchObject({ id: front.id, position: 0, alt: 'Front' });
    const cleared = await tillJson<Media>(['products', 'media', 'update', front.id, '--clear-alt']);
    expect(cleared.alt).toBeNull();
    const nothing = await till(['products', 'media', 'update', front.id, '--json']);
    expect(nothing.code).toBe(2);
    expect(errorOf(nothing.stderr).code).toBe('usage_error');
  });

  it('download --output writes the bytes byte for byte; --output - streams them to stdout', async () => {
    const target = join(dir, 'downloaded.png');
    const saved = await tillJson(['products', 'media', 'download', front.id, '--output', target]);
    expect(saved).toEqual({
      mediaId: front.id,
      contentType: 'image/png',
      size: PNG_2X3.length,
      etag: `"${front.sha256}"`,
      savedTo: target,
    });
    expect((await readFile(target)).equals(PNG_2X3)).toBe(true);

    const human = await tillPlain([
      'products',
      'media',
      'download',
      side.id,
      '-o',
      join(dir, 'side-copy.png'),
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toBe(`✓ Saved 75 B (image/png) to ${join(dir, 'side-copy.png')}.\n`);

    const piped = await tillBytes(['products', 'media', 'download', front.id, '--output', '-']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.equals(PNG_2X3)).toBe(true);

    const both = await till(['products', 'media', 'download', front.id, '--output', '-', '--json']);
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
    expect(errorOf(both.stderr).code).toBe('usage_error');
  });

  it('a text file named .png exits 1 with unsupported_image on stderr under --json', async () => {
    const result = await till(['products', 'media', 'upload', productId, join(dir, 'notes.png'), '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorOf(result.stderr)).toMatchObject({
      code: 'unsupported_image',
      status: 415,
      requestId: expect.stringMatching(/\S/),
    });

    const human = await tillPlain(['products', 'media', 'upload', productId, join(dir, 'notes.png')]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('code unsupported_image, status 415');
    expect(human.stderr).toContain("the type is read from the file's bytes");

    const missing = await till(['products', 'media', 'upload', productId, join(dir, 'nope.png'), '--json']);
    expect(missing.code).toBe(2);
    expect(errorOf(missing.stderr).code).toBe('invalid_input');
  });

  it('delete needs --yes off a TTY, then removes the image and its bytes', async () => {
    const refused = await till(['products', 'media', 'delete', side.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');

    const deleted = await tillJson<Media>(['products', 'media', 'delete', side.id, '--yes']);
    expect(deleted).toMatchObject({ id: side.id, productId });
    const list = await tillJson<List<Media>>(['products', 'media', 'list', productId]);
    expect(list.data.map((m) => [m.id, m.position])).toEqual([[front.id, 0]]);

    const gone = await till([
      'products',
      'media',
      'download',
      side.id,
      '--output',
      join(dir, 'gone.png'),
      '--json',
    ]);
    expect(gone.code).toBe(1);
    expect(errorOf(gone.stderr)).toMatchObject({ code: 'not_found', status: 404 });
  });
});
