import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliFailure, EXIT } from './describe-error.js';

/**
 * Writes a downloaded file to `target` (written to a temporary name, then renamed, so a cut download never leaves a
 * half file under the real name), or to stdout for `-`, which a terminal refuses (binary and long files make a mess
 * of it). Returns where it went.
 */
export async function saveDownload(body: Readable, target: string): Promise<string> {
  if (target === '-') {
    if (process.stdout.isTTY) {
      body.destroy();
      throw new CliFailure('Refusing to write a file to the terminal.', 'invalid_input', {
        exitCode: EXIT.usage,
        hint: 'Pass --output <file>, or pipe the output: … --output - > file',
      });
    }
    await pipeline(body, process.stdout, { end: false });
    return 'stdout';
  }
  const partial = `${target}.partial`;
  try {
    await pipeline(body, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return target;
}
