import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {
  Media,
  MediaUploadFieldsSchema,
  Product,
  UpdateMediaRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import type { CommitHook, Database, Executor } from '../../db/database-types.js';
import type { BlobRange, BlobStore } from '../../infra/blobs/blob-store.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import type { Logger } from '../../infra/logger.js';
import type { Outbox } from '../events/outbox.js';
import { IMAGE_HEAD_BYTES, peekHead, type SniffedImage, sniffImage } from './media-image-type.js';
import { type MediaRow, mediaBlobKey, mediaRepository, toMedia } from './media-repository.js';

/** What the media module asks of the products module: a product as the caller may see it, and cache upkeep. */
export interface ProductLookup {
  /** The product, or `not_found` when it does not exist or the caller may not see it (inactive, for non-admins). */
  get(principal: Principal, id: string): Promise<Product>;
  /** Drops cached copies of a product whose media changed. */
  forgetCached(id: string): Promise<void>;
}

/** An image whose bytes are stored but which belongs to no product yet (see `receive` and `add`). */
export interface ReceivedImage extends SniffedImage {
  id: string;
  key: string;
  filename: string | null;
  size: number;
  sha256: string;
}

/** What `open` answers: the media item and whether shared caches may keep its bytes. */
export interface OpenedMedia {
  media: Media;
  key: string;
  /** True for an active product's media, which anyone may see; false for what only admins see. */
  isPublic: boolean;
}

/** The longest file name kept (after dropping any folder part and control characters). */
const MAX_FILENAME = 255;

/**
 * Product media: images uploaded by admins, recognised and measured from their bytes, stored in the blob store under
 * `media/<id>`, listed in order on the product, and served to anyone who may see the product. Each change writes its
 * event (`product.media_added`, `product.media_updated`, `product.media_removed`) in the transaction that makes it.
 *
 * Positions are 0-based and kept dense: adding at or moving to a position shifts the others. Two uploads to one
 * product at the same instant may tie on a position; the list then orders them by ID (upload order) and the next
 * change renumbers them.
 */
export function createMediaService(deps: {
  db: Database;
  blobs: BlobStore;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
  products: ProductLookup;
  /** The largest image accepted, in bytes (config `mediaMaxBytes`). */
  maxBytes: number;
}) {
  const { db } = deps;

  async function mustFind(trx: Executor, id: string): Promise<MediaRow> {
    const row = await mediaRepository(trx).findById(id);
    if (!row) throw new AppError('not_found', { detail: `No media ${id}.` });
    return row;
  }

  /** Moves `moved` (or inserts it) to `position` among `rows` and writes every position that changed. */
  async function placeAt(trx: Executor, rows: MediaRow[], moved: MediaRow, position: number, at: string) {
    const others = rows.filter((row) => row.id !== moved.id);
    const target = Math.min(Math.max(0, position), others.length);
    const ordered = [...others.slice(0, target), moved, ...others.slice(target)];
    const repo = mediaRepository(trx);
    for (const [index, row] of ordered.entries()) {
      if (row.id !== moved.id && row.position !== index) {
        await repo.update(row.id, { position: index, updated_at: at });
      }
    }
    return target;
  }

  /** Positions 0…n-1 again after one was removed. */
  async function renumber(trx: Executor, productId: string, at: string) {
    const repo = mediaRepository(trx);
    for (const [index, row] of (await repo.ofProduct(productId)).entries()) {
      if (row.position !== index) await repo.update(row.id, { position: index, updated_at: at });
    }
  }

  async function write<T extends Media>(
    productId: string,
    work: (trx: Executor, at: string) => Promise<{ media: T; type: 'added' | 'updated' | 'removed' }>,
    onCommit?: CommitHook,
  ): Promise<T> {
    const media = await db.transaction().execute(async (trx) => {
      const at = deps.clock.now().toISOString();
      const { media, type } = await work(trx, at);
      await deps.outbox.append(
        trx,
        { type: `product.media_${type}`, subjectId: productId, ownerId: null, data: media },
        at,
      );
      await onCommit?.(trx, media);
      return media;
    });
    await deps.products.forgetCached(productId);
    return media;
  }

  return {
    /** The product must exist for the caller (checked before an upload is read, so a wrong ID costs no bytes). */
    async assertProduct(principal: Principal, productId: string): Promise<void> {
      await deps.products.get(principal, productId);
    },

    /**
     * Reads an uploaded file: refuses it unless its first bytes are a PNG, JPEG, WebP, GIF or AVIF image
     * (`unsupported_image`, 415) or when it passes `maxBytes` (`payload_too_large`, 413), otherwise streams it into the
     * blob store under a new media ID. Nothing is visible until `add`; `discard` removes it otherwise.
     */
    async receive(file: Readable, filename: string | undefined): Promise<ReceivedImage> {
      let size = 0;
      const limited = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > deps.maxBytes) {
            callback(
              new AppError('payload_too_large', {
                detail: `Images are limited to ${deps.maxBytes} bytes.`,
              }),
            );
          } else callback(null, chunk);
        },
      });
      const piping = pipeline(file, limited);
      piping.catch(() => undefined);
      const peek = await peekHead(limited, IMAGE_HEAD_BYTES);
      const image = sniffImage(peek.head);
      if (!image) {
        await peek.cancel();
        file.destroy();
        throw new AppError('unsupported_image');
      }
      const id = newId('media');
      const key = mediaBlobKey(id);
      const stored = await deps.blobs.put(key, peek.whole());
      await piping;
      return { id, key, ...image, ...stored, filename: cleanFilename(filename) };
    },

    /** Deletes the bytes of a received image that will not be added. */
    async discard(received: ReceivedImage): Promise<void> {
      await deps.blobs.delete(received.key);
    },

    /** Adds a received image to a product, at `position` (default: last). On failure its bytes are deleted. */
    async add(
      principal: Principal,
      productId: string,
      received: ReceivedImage,
      fields: z.output<typeof MediaUploadFieldsSchema>,
      onCommit?: CommitHook,
    ): Promise<Media> {
      try {
        await deps.products.get(principal, productId);
        return await write(
          productId,
          async (trx, at) => {
            const existing = await mediaRepository(trx).ofProduct(productId);
            const row: MediaRow = {
              id: received.id,
              product_id: productId,
              content_type: received.contentType,
              filename: received.filename,
              size: received.size,
              sha256: received.sha256,
              width: received.width,
              height: received.height,
              alt: fields.alt || null,
              position: 0,
              created_at: at,
              updated_at: at,
            };
            row.position = await placeAt(trx, existing, row, fields.position ?? existing.length, at);
            await mediaRepository(trx).insert(row);
            return { media: toMedia(row), type: 'added' };
          },
          onCommit,
        );
      } catch (error) {
        await deps.blobs.delete(received.key).catch(() => undefined);
        throw error;
      }
    },

    /** A product's media in order, if the caller may see the product. */
    async list(principal: Principal, productId: string): Promise<Media[]> {
      return (await deps.products.get(principal, productId)).media;
    },

    /** Changes the alt text or moves the image within its product's list. */
    async update(id: string, input: z.output<typeof UpdateMediaRequestSchema>): Promise<Media> {
      const { product_id: productId } = await mustFind(db, id);
      return write(productId, async (trx, at) => {
        const row = await mustFind(trx, id);
        if (input.position !== undefined) {
          const rows = await mediaRepository(trx).ofProduct(productId);
          row.position = await placeAt(trx, rows, row, input.position, at);
        }
        if (input.alt !== undefined) row.alt = input.alt || null;
        row.updated_at = at;
        await mediaRepository(trx).update(id, { alt: row.alt, position: row.position, updated_at: at });
        return { media: toMedia(row), type: 'updated' };
      });
    },

    /** Removes an image from its product, then its bytes. */
    async remove(id: string): Promise<Media> {
      const { product_id: productId } = await mustFind(db, id);
      const removed = await write(productId, async (trx, at) => {
        const row = await mustFind(trx, id);
        await mediaRepository(trx).delete(id);
        await renumber(trx, productId, at);
        return { media: toMedia(row), type: 'removed' };
      });
      // After the commit, so a failed transaction never leaves a row without bytes. Bytes left behind by a failure
      // here are unreachable (nothing names them) and harmless.
      await deps.blobs
        .delete(mediaBlobKey(id))
        .catch((error: unknown) => deps.logger.warn({ err: error, mediaId: id }, 'media bytes not deleted'));
      return removed;
    },

    /** A media item for serving, if the caller may see its product; `not_found` otherwise, as if it did not exist. */
    async open(principal: Principal, id: string): Promise<OpenedMedia> {
      const row = await mustFind(db, id);
      const product = await deps.products.get(principal, row.product_id).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') {
          throw new AppError('not_found', { detail: `No media ${id}.` });
        }
        throw error;
      });
      return { media: toMedia(row), key: mediaBlobKey(id), isPublic: product.active };
    },

    /** The bytes of a media item (or a range of them). */
    async read(opened: OpenedMedia, range?: BlobRange) {
      const blob = await deps.blobs.get(opened.key, range);
      if (!blob)
        throw new AppError('not_found', { detail: `The file of media ${opened.media.id} is missing.` });
      return blob;
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

/** The name part of an uploaded file name (browsers may send a folder), without control characters. */
function cleanFilename(filename: string | undefined): string | null {
  const name = (filename ?? '')
    .split(/[/\\]/)
    .at(-1)!
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, MAX_FILENAME);
  return name === '' ? null : name;
}
