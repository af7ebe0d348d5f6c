import type { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { bytesOf, isStreamBody } from '../core/transport/body-streams.js';

/**
 * A file to send: bytes (a `Buffer` is a `Uint8Array`), an `ArrayBuffer`, a `Blob` or `File`, a Node.js `Readable`
 * (e.g. `fs.createReadStream`) or a web `ReadableStream`. Bytes and blobs are sent as one buffer and may be retried;
 * streams are sent as they are read and never retried.
 */
export type FileInput = Uint8Array | ArrayBuffer | Blob | Readable | WebReadableStream<Uint8Array>;

/** The one file part of a form. */
export interface FilePart {
  /** Form field name. */
  name: string;
  file: FileInput;
  /** File name sent in the part's `Content-Disposition`. Default: a `File`'s name or a file stream's base name. */
  filename?: string | undefined;
  /** The part's `Content-Type`. Default: a `Blob`'s type, else from the file name's extension. */
  contentType?: string | undefined;
}

/** A `multipart/form-data` body ready to send, with its `Content-Type` (boundary included). */
export interface MultipartBody {
  contentType: string;
  /** One buffer (replayable) for bytes and blobs; an async iterable (sent once) for streams. */
  body: Uint8Array | AsyncIterable<Uint8Array>;
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

const encoder = new TextEncoder();

/** A name or file name as browsers put it in a `Content-Disposition` (WHATWG HTML, multipart/form-data encoding). */
function escapeQuoted(value: string): string {
  return value.replaceAll('\n', '%0A').replaceAll('\r', '%0D').replaceAll('"', '%22');
}

/** Line breaks of a text value as CRLF, as the multipart/form-data encoding asks. */
function normalizeNewlines(value: string): string {
  return value.replace(/\r\n|\r|\n/g, '\r\n');
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

/** The last segment of a file path, `/` or `\\` separated. */
function basename(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? '';
}

/** A random boundary; `crypto.getRandomValues` is in every runtime. */
function randomHex(bytes: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/** The file name a value carries: a `File`'s `name`, or the base name of an `fs.ReadStream`'s `path`. */
function ownFilename(file: FileInput): string | undefined {
  const name = (file as { name?: unknown }).name;
  if (isBlob(file) && typeof name === 'string' && name !== '') return name;
  // An `fs.ReadStream` carries its `path`, as a string or as bytes.
  const path = (file as { path?: unknown }).path;
  if (isStreamBody(file) && (typeof path === 'string' || path instanceof Uint8Array)) {
    const base = basename(typeof path === 'string' ? path : new TextDecoder().decode(path));
    return base === '' ? undefined : base;
  }
  return undefined;
}

function guessContentType(file: FileInput, filename: string | undefined): string {
  if (isBlob(file) && file.type !== '') return file.type;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  return (extension && TYPES_BY_EXTENSION[extension]) || 'application/octet-stream';
}

/**
 * Encodes text fields and one file as `multipart/form-data` (RFC 7578), fields first. Bytes and blobs become one
 * buffer, so the request can be retried; a stream is framed as it is read, so the request is sent once. Fields whose
 * value is `undefined` are left out.
 */
export async function encodeMultipart(
  fields: Record<string, string | number | undefined>,
  part: FilePart,
): Promise<MultipartBody> {
  const boundary = `----TillpointFormBoundary${randomHex(16)}`;
  const filename = part.filename ?? ownFilename(part.file);
  const contentType = part.contentType ?? guessContentType(part.file, filename);
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    head +=
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"\r\n\r\n` +
      `${normalizeNewlines(String(value))}\r\n`;
  }
  // A file part always names a file (empty when unknown): that is what makes it a file to the server.
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(part.name)}"; ` +
    `filename="${escapeQuoted(filename ?? '')}"\r\nContent-Type: ${contentType.replace(/[\r\n]/g, '')}\r\n\r\n`;
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);
  const type = `multipart/form-data; boundary=${boundary}`;

  const { file } = part;
  if (isStreamBody(file)) {
    async function* frame(): AsyncGenerator<Uint8Array> {
      yield headBytes;
      yield* bytesOf(file as ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>);
      yield tailBytes;
    }
    return { contentType: type, body: frame() };
  }
  const bytes = isBlob(file)
    ? new Uint8Array(await file.arrayBuffer())
    : file instanceof ArrayBuffer
      ? new Uint8Array(file)
      : (file as Uint8Array);
  const body = new Uint8Array(headBytes.length + bytes.length + tailBytes.length);
  body.set(headBytes, 0);
  body.set(bytes, headBytes.length);
  body.set(tailBytes, headBytes.length + bytes.length);
  return { contentType: type, body };
}
