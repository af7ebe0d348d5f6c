import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { Database } from '../../db/database-types.js';
import { createBlobMeter, toReadable } from './blob-meter.js';
import { abandonedBefore, assertBlobKey, type BlobStore } from './blob-store.js';

/** Bytes per chunk row (256 KiB): small enough to keep memory flat, large enough to keep round trips few. */
export const BLOB_CHUNK_SIZE = 256 * 1024;
/** Chunks fetched per query when reading (1 MiB). */
const CHUNKS_PER_PAGE = 4;
/** Blobs removed per transaction when pruning. */
const PRUNE_BATCH = 100;

/**
 * Blobs as rows in the primary PostgreSQL database, so every node of a cluster reads what any node wrote, and
 * backups of the database hold them too. Each write is an object (`blob_objects`) whose bytes are inserted as
 * 256 KiB chunk rows (`blob_chunks`), one statement at a time while the body streams in; only when the last chunk is
 * in does one transaction point the key (`blobs`) at the new object and delete the object it replaces. A reader
 * therefore sees the old blob or the new one, never a partial one. Reads page through the chunks a few at a time,
 * and a range read fetches only the chunks it covers.
 *
 * A reader still streaming a blob that is replaced or deleted meanwhile gets an error rather than a mix of both
 * versions. A write that dies half-way (a crash) leaves a partial object that `prune` removes.
 */
export function createPostgresBlobStore(db: Database): BlobStore {
  const now = () => new Date().toISOString();
  /** `substr(key, 1, n) = 'prefix/'` is plain SQL on both dialects and needs no LIKE escaping. */
  const under = (column: 'key' | 'blobs.key' | 'blob_objects.key', prefix: string) =>
    sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length + 1}) = ${`${prefix}/`}`;

  /** Deletes objects (their chunks first); callers hold a transaction when a key must change with them. */
  async function dropObjects(trx: Database, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await trx.deleteFrom('blob_chunks').where('object_id', 'in', ids).execute();
    await trx.deleteFrom('blob_objects').where('id', 'in', ids).execute();
  }

  async function* readChunks(key: string, objectId: string, chunkSize: number, start: number, end: number) {
    if (end < start) return;
    const last = Math.floor(end / chunkSize);
    for (let from = Math.floor(start / chunkSize); from <= last; from += CHUNKS_PER_PAGE) {
      const to = Math.min(last, from + CHUNKS_PER_PAGE - 1);
      const rows = await db
        .selectFrom('blob_chunks')
        .select(['seq', 'data'])
        .where('object_id', '=', objectId)
        .where('seq', '>=', from)
        .where('seq', '<=', to)
        .orderBy('seq')
        .execute();
      if (rows.length !== to - from + 1)
        throw new Error(`blob ${key} was replaced or deleted while being read`);
      for (const { seq, data } of rows) {
        const offset = seq * chunkSize;
        yield data.subarray(Math.max(0, start - offset), Math.min(data.length, end - offset + 1));
      }
    }
  }

  return {
    async put(key, body) {
      assertBlobKey(key);
      const id = randomUUID();
      const meter = createBlobMeter();
      const source = toReadable(body);
      // A failing source (even one that failed already) fails the meter, and with it the loop below.
      const piping = pipeline(source, meter.stream);
      piping.catch(() => undefined);
      try {
        await db
          .insertInto('blob_objects')
          .values({ id, key, chunk_size: BLOB_CHUNK_SIZE, started_at: now() })
          .execute();
        let seq = 0;
        for await (const chunk of chunked(meter.stream, BLOB_CHUNK_SIZE)) {
          await db.insertInto('blob_chunks').values({ object_id: id, seq: seq++, data: chunk }).execute();
        }
        await piping;
        const { size, sha256 } = meter.result();
        await db.transaction().execute(async (trx) => {
          const at = now();
          const completed = await trx
            .updateTable('blob_objects')
            .set({ size, sha256, completed_at: at })
            .where('id', '=', id)
            .where('completed_at', 'is', null)
            .executeTakeFirst();
          if (Number(completed.numUpdatedRows) !== 1) throw new Error(`blob ${key} was pruned while written`);
          // The upsert locks the key's row: concurrent writers of one key take turns here, the last one wins.
          await trx
            .insertInto('blobs')
            .values({ key, object_id: id, updated_at: at })
            .onConflict((conflict) => conflict.column('key').doUpdateSet({ object_id: id, updated_at: at }))
            .execute();
          const replaced = await trx
            .selectFrom('blob_objects')
            .select('id')
            .where('key', '=', key)
            .where('completed_at', 'is not', null)
            .where('id', '<>', id)
            .execute();
          await dropObjects(
            trx,
            replaced.map((row) => row.id),
          );
        });
        return { size, sha256 };
      } catch (error) {
        source.destroy();
        await dropObjects(db, [id]).catch(() => undefined);
        // The source's own error (a client gone, a size limit) says more than the stream it broke.
        throw source.errored ?? error;
      }
    },

    async get(key, range) {
      assertBlobKey(key);
      const row = await db
        .selectFrom('blobs')
        .innerJoin('blob_objects', 'blob_objects.id', 'blobs.object_id')
        .select(['blob_objects.id', 'blob_objects.size', 'blob_objects.chunk_size'])
        .where('blobs.key', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      const size = Number(row.size);
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? size - 1, size - 1);
      const stream = Readable.from(readChunks(key, row.id, row.chunk_size, start, end), {
        objectMode: false,
      });
      return { stream, size };
    },

    async delete(key) {
      assertBlobKey(key);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .deleteFrom('blobs')
          .where('key', '=', key)
          .returning('object_id')
          .executeTakeFirst();
        if (row) await dropObjects(trx, [row.object_id]);
      });
    },

    async prune(prefix, before) {
      assertBlobKey(prefix);
      const cutoff = before.toISOString();
      let deleted = 0;
      let after = '';
      for (;;) {
        const batch = await db
          .selectFrom('blobs')
          .innerJoin('blob_objects', 'blob_objects.id', 'blobs.object_id')
          .select(['blobs.key', 'blobs.object_id'])
          .where(under('blobs.key', prefix))
          .where('blob_objects.completed_at', '<', cutoff)
          .where('blobs.key', '>', after)
          .orderBy('blobs.key')
          .limit(PRUNE_BATCH)
          .execute();
        if (batch.length === 0) break;
        await db.transaction().execute(async (trx) => {
          for (const { key, object_id } of batch) {
            // Only if it was not replaced since it was listed.
            const gone = await trx
              .deleteFrom('blobs')
              .where('key', '=', key)
              .where('object_id', '=', object_id)
              .executeTakeFirst();
            if (Number(gone.numDeletedRows) === 0) continue;
            await dropObjects(trx, [object_id]);
            deleted++;
          }
        });
        after = batch.at(-1)!.key;
      }
      const abandoned = await db
        .selectFrom('blob_objects')
        .select('id')
        .where(under('key', prefix))
        .where('completed_at', 'is', null)
        .where('started_at', '<', abandonedBefore(before).toISOString())
        .execute();
      for (const { id } of abandoned) {
        // A write still going on (started before the cutoff) fails on its next chunk; that is its problem, not ours.
        await db
          .transaction()
          .execute((trx) => dropObjects(trx, [id]))
          .catch(() => undefined);
      }
      return deleted;
    },

    async close() {},
  };
}

/** Re-cuts a byte stream into chunks of exactly `size` bytes (the last may be shorter), copying into fresh buffers. */
async function* chunked(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let chunk = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      const copied = piece.copy(chunk, filled, offset, Math.min(piece.length, offset + size - filled));
      filled += copied;
      offset += copied;
      if (filled === size) {
        yield chunk;
        chunk = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.subarray(0, filled);
}
