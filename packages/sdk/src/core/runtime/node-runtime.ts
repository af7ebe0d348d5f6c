import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { createUndiciTransport } from '../transport/undici-transport.js';
import type { Runtime } from './runtime.js';

/** Node.js (also Deno and Bun): downloads are Node.js streams, and undici is there for a `dispatcher`. */
export const runtime = {
  toDownloadBody: (stream: ReadableStream<Uint8Array>): Readable =>
    Readable.fromWeb(stream as NodeWebStream<Uint8Array>),
  createUndiciTransport,
} satisfies Runtime;
