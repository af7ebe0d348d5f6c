import type { Readable } from 'node:stream';
import type { Media } from '@tillpoint/sdk/schemas';
import { GIF } from 'image-size/types/gif';
import { HEIF } from 'image-size/types/heif';
import type { IImage } from 'image-size/types/interface';
import { JPG } from 'image-size/types/jpg';
import { PNG } from 'image-size/types/png';
import { WEBP } from 'image-size/types/webp';

/**
 * How many leading bytes are read to recognise an image and find its size (512 KiB). Every format here states its
 * type at the start; a JPEG states its size after its metadata segments, which rarely pass this much.
 */
export const IMAGE_HEAD_BYTES = 512 * 1024;

/** What the bytes say an image is. */
export interface SniffedImage {
  contentType: Media['contentType'];
  /** File name extension for the type, without the dot. */
  extension: string;
  /** Null when the header does not say (a JPEG whose size lies past the head). */
  width: number | null;
  height: number | null;
}

/** The major brand of an ISO-BMFF file (`ftyp` box, bytes 8 to 11) and its compatible brands. */
function brandsOf(head: Uint8Array): string[] {
  const text = (from: number, to: number) => Buffer.from(head.subarray(from, to)).toString('latin1');
  if (head.length < 16 || text(4, 8) !== 'ftyp') return [];
  const boxSize = Math.min(head.length, Buffer.from(head).readUInt32BE(0));
  const brands = [text(8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(text(offset, offset + 4));
  return brands;
}

const FORMATS: Array<{
  contentType: Media['contentType'];
  extension: string;
  handler: IImage;
  matches?: (head: Uint8Array) => boolean;
}> = [
  { contentType: 'image/png', extension: 'png', handler: PNG },
  { contentType: 'image/jpeg', extension: 'jpg', handler: JPG },
  { contentType: 'image/webp', extension: 'webp', handler: WEBP },
  { contentType: 'image/gif', extension: 'gif', handler: GIF },
  {
    contentType: 'image/avif',
    extension: 'avif',
    handler: HEIF,
    // HEIF also covers HEIC, which browsers cannot show: only AVIF brands count.
    matches: (head) => brandsOf(head).some((brand) => brand === 'avif' || brand === 'avis'),
  },
];

/**
 * Recognises a PNG, JPEG, WebP, GIF or AVIF image from its first bytes (image-size's signature checks, pure
 * JavaScript) and reads its width and height from the header. Undefined for anything else, whatever its name or
 * declared type says.
 */
export function sniffImage(head: Uint8Array): SniffedImage | undefined {
  for (const format of FORMATS) {
    let recognised = false;
    try {
      recognised = format.handler.validate(head) && (format.matches?.(head) ?? true);
    } catch {
      recognised = false;
    }
    if (!recognised) continue;
    let size: { width: number; height: number } | undefined;
    try {
      size = format.handler.calculate(head);
    } catch {
      // Recognised but the size is not in the head (or the header is damaged): the image is kept without it.
    }
    const known = (value: number | undefined) =>
      value !== undefined && Number.isInteger(value) && value > 0 ? value : null;
    return {
      contentType: format.contentType,
      extension: format.extension,
      width: known(size?.width),
      height: known(size?.height),
    };
  }
  return undefined;
}

/**
 * Reads up to `bytes` from the start of a stream without losing them: the head, and the whole stream again (head
 * included) for whoever stores it. `cancel()` stops reading (and destroys the stream) when it will not be stored.
 */
export async function peekHead(stream: Readable, bytes: number) {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(parts);
  return {
    head,
    async *whole(): AsyncGenerator<Buffer> {
      yield head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  };
}
