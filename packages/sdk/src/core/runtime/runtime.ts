import type { Transport } from '../transport/transport.js';
import type { UndiciTransportOptions } from '../transport/undici-transport.js';

/**
 * What differs between the Node.js build and the web build (browsers, workers, edge runtimes). The client imports
 * `node-runtime.js`; the web build resolves that import to `web-runtime.ts` instead, so nothing Node-only (undici,
 * `node:stream`) is in a browser's module graph. Both implement this interface.
 */
export interface Runtime {
  /** What `download()` resolves to, made from the response body: a Node.js `Readable`, or the web stream itself. */
  toDownloadBody(stream: ReadableStream<Uint8Array>): unknown;
  /** The undici transport, or an error where there is no undici. */
  createUndiciTransport(options: UndiciTransportOptions): Transport;
}
