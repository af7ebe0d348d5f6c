/** Streams a body can be: the web's `ReadableStream` and any async iterable of bytes (a Node.js `Readable` is one). */

/** Whether `value` is a web `ReadableStream`. */
export function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as { getReader?: unknown } | null)?.getReader === 'function';
}

/** Whether `value` is a body that can be read only once: a web stream or an async iterable (a Node.js `Readable`). */
export function isStreamBody(
  value: unknown,
): value is ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> {
  if (typeof value !== 'object' || value === null) return false;
  return (
    isWebStream(value) ||
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

const encoder = new TextEncoder();

/**
 * Reads a web stream chunk by chunk. Async iteration of a `ReadableStream` is missing from some browsers (Safari),
 * so this goes through its reader; a `break` in the caller cancels the stream.
 */
export async function* readWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The chunks of a stream body as bytes (a Node.js stream in text mode yields strings). */
export async function* bytesOf(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>,
): AsyncGenerator<Uint8Array> {
  const chunks = isWebStream(body) ? readWebStream(body) : body;
  for await (const chunk of chunks as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
  }
}

/**
 * A web stream that pulls from an async iterable one chunk at a time (so a slow reader slows the source), and stops
 * the source when cancelled. `ReadableStream.from` does this too, but not in every browser.
 */
export function toWebStream(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): ReadableStream<Uint8Array> {
  if (isWebStream(body)) return body;
  const iterator = bytesOf(body)[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
