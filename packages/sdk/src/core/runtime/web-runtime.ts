import { TillpointError } from '../../errors.js';
import type { Transport } from '../transport/transport.js';
import type { Runtime } from './runtime.js';

/** Browsers, workers and edge runtimes: downloads are the response's web stream, and there is no undici. */
export const runtime = {
  toDownloadBody: (stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> => stream,
  createUndiciTransport(): Transport {
    throw new TillpointError(
      'The undici transport (and `dispatcher`) needs Node.js; this is the web build of @tillpoint/sdk, which uses fetch.',
      { code: 'invalid_option' },
    );
  },
} satisfies Runtime;
