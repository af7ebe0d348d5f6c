import type { Media } from '@tillpoint/sdk/schemas';
import type { Selectable } from 'kysely';
import { columnsOf } from '../../db/column-lists.js';
import type { Executor, ProductMediaTable } from '../../db/database-types.js';
import { preparedQuery } from '../../db/prepared-query.js';

export type MediaRow = Selectable<ProductMediaTable>;

const MEDIA_COLUMNS = columnsOf<MediaRow>({
  id: true,
  product_id: true,
  content_type: true,
  filename: true,
  size: true,
  sha256: true,
  width: true,
  height: true,
  alt: true,
  position: true,
  created_at: true,
  updated_at: true,
});

/** Every product page and list reads it. */
const mediaOfProductIds = preparedQuery<{ productIds: readonly string[] }, MediaRow>((db, _param, list) =>
  db
    .selectFrom('product_media')
    .select(MEDIA_COLUMNS)
    .where('product_id', 'in', list('productIds'))
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('id'),
);

/** The blob key of a media item's bytes. */
export const mediaBlobKey = (id: string) => `media/${id}`;

export function toMedia(row: MediaRow): Media {
  return {
    id: row.id,
    object: 'media',
    productId: row.product_id,
    url: `/v1/media/${row.id}`,
    contentType: row.content_type as Media['contentType'],
    filename: row.filename,
    size: Number(row.size),
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    alt: row.alt,
    position: row.position,
    createdAt: row.created_at,
  };
}

/** Queries on `product_media`, the media module's own table. */
export function mediaRepository(db: Executor) {
  return {
    findById(id: string): Promise<MediaRow | undefined> {
      return db.selectFrom('product_media').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** A product's media in order. */
    ofProduct(productId: string): Promise<MediaRow[]> {
      return db
        .selectFrom('product_media')
        .selectAll()
        .where('product_id', '=', productId)
        .orderBy('position')
        .orderBy('id')
        .execute();
    },

    async insert(row: MediaRow): Promise<void> {
      await db.insertInto('product_media').values(row).execute();
    },

    async update(id: string, changes: Partial<Pick<MediaRow, 'alt' | 'position' | 'updated_at'>>) {
      await db.updateTable('product_media').set(changes).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('product_media').where('id', '=', id).execute();
    },
  };
}

/**
 * The media of several products, each list in order of position: how the products module fills `Product.media`
 * without reading this module's table itself.
 */
export async function mediaOfProducts(db: Executor, productIds: string[]): Promise<Map<string, Media[]>> {
  const byProduct = new Map<string, Media[]>();
  if (productIds.length === 0) return byProduct;
  const { rows } = await mediaOfProductIds.execute(db, { productIds });
  for (const row of rows) {
    const list = byProduct.get(row.product_id) ?? [];
    list.push(toMedia(row));
    byProduct.set(row.product_id, list);
  }
  return byProduct;
}

/** Looks up the media of products (see `mediaOfProducts`); the products module receives it from the composition root. */
export type ProductMediaLookup = typeof mediaOfProducts;
