import type { Selectable } from 'kysely';
import { columnsOf } from '../../db/column-lists.js';
import type { CartItemsTable, CartPromotionsTable, CartsTable, Executor } from '../../db/database-types.js';
import { preparedInsert, preparedQuery } from '../../db/prepared-query.js';

export type CartRow = Selectable<CartsTable>;
export type CartItemRow = Selectable<CartItemsTable>;
export type CartPromotionRow = Selectable<CartPromotionsTable>;

// Columns listed rather than `*`, so PostgreSQL keeps the three reads below prepared (ADR-051).
const CART_COLUMNS = columnsOf<CartRow>({
  id: true,
  user_id: true,
  token_hash: true,
  email: true,
  region_id: true,
  currency: true,
  shipping_address: true,
  billing_address: true,
  shipping_method_id: true,
  status: true,
  order_id: true,
  created_at: true,
  updated_at: true,
});

const ITEM_COLUMNS = columnsOf<CartItemRow>({
  id: true,
  cart_id: true,
  variant_id: true,
  quantity: true,
  created_at: true,
});

const PROMOTION_COLUMNS = columnsOf<CartPromotionRow>({
  cart_id: true,
  promotion_id: true,
  code: true,
  created_at: true,
});

// Every cart answer reads these three (ADR-049: compiled once).
const cartById = preparedQuery<{ id: string }, CartRow>((db, param) =>
  db.selectFrom('carts').select(CART_COLUMNS).where('id', '=', param('id')),
);
const itemsOfCart = preparedQuery<{ cartId: string }, CartItemRow>((db, param) =>
  db.selectFrom('cart_items').select(ITEM_COLUMNS).where('cart_id', '=', param('cartId')).orderBy('id'),
);
const promotionsOfCart = preparedQuery<{ cartId: string }, CartPromotionRow>((db, param) =>
  db
    .selectFrom('cart_promotions')
    .select(PROMOTION_COLUMNS)
    .where('cart_id', '=', param('cartId'))
    .orderBy('created_at')
    .orderBy('promotion_id'),
);

const insertCart = preparedInsert('carts');
const insertCartItem = preparedInsert('cart_items');
const insertCartPromotion = preparedInsert('cart_promotions');

const itemOfVariant = preparedQuery<{ cartId: string; variantId: string }, CartItemRow>((db, param) =>
  db
    .selectFrom('cart_items')
    .select(ITEM_COLUMNS)
    .where('cart_id', '=', param('cartId'))
    .where('variant_id', '=', param('variantId')),
);

/** Tables `carts`, `cart_items` and `cart_promotions`, owned by the carts module. */
export function cartsRepository(db: Executor) {
  const updateReturning = (id: string, changes: Partial<Omit<CartRow, 'id'>>, at: string) =>
    db
      .updateTable('carts')
      .set({ ...changes, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
  return {
    find: async (id: string): Promise<CartRow | undefined> => (await cartById.execute(db, { id })).rows[0],

    /**
     * The customer's open cart: the one touched last, when there are several (a sign-in adopts a guest cart in another
     * currency beside the customer's own, and the adopted one is then the latest).
     */
    openOf: (userId: string) =>
      db
        .selectFrom('carts')
        .selectAll()
        .where('user_id', '=', userId)
        .where('status', '=', 'open')
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst(),

    insert: (row: CartRow) => insertCart.execute(db, row),

    /** Changes an open cart and touches it; false when it is not open any more (completed meanwhile). */
    update: async (id: string, changes: Partial<Omit<CartRow, 'id'>>, at: string) =>
      (await updateReturning(id, changes, at)) !== undefined,

    /** The same, answering the row as the update left it (undefined when the cart is not open any more). */
    updateReturning,

    itemsOf: async (cartId: string) => (await itemsOfCart.execute(db, { cartId })).rows,

    itemOf: async (cartId: string, variantId: string) =>
      (await itemOfVariant.execute(db, { cartId, variantId })).rows[0],

    insertItem: (row: CartItemRow) => insertCartItem.execute(db, row),

    /** Sets a line's quantity; false when the line is not in this cart. */
    async setQuantity(cartId: string, itemId: string, quantity: number): Promise<boolean> {
      const result = await db
        .updateTable('cart_items')
        .set({ quantity })
        .where('id', '=', itemId)
        .where('cart_id', '=', cartId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async removeItem(cartId: string, itemId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('cart_items')
        .where('id', '=', itemId)
        .where('cart_id', '=', cartId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    promotionsOf: async (cartId: string) => (await promotionsOfCart.execute(db, { cartId })).rows,

    addPromotion: (row: CartPromotionRow) => insertCartPromotion.execute(db, row),

    async removePromotion(cartId: string, code: string): Promise<boolean> {
      const result = await db
        .deleteFrom('cart_promotions')
        .where('cart_id', '=', cartId)
        .where('code', '=', code)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Moves the lines and codes of one cart into another (sign-in merge); the caller adds quantities first. */
    async moveContents(fromCartId: string, toCartId: string) {
      await db
        .updateTable('cart_items')
        .set({ cart_id: toCartId })
        .where('cart_id', '=', fromCartId)
        .execute();
      await db
        .updateTable('cart_promotions')
        .set({ cart_id: toCartId })
        .where('cart_id', '=', fromCartId)
        .execute();
    },

    /** Deletes a cart and everything in it. */
    async remove(cartId: string) {
      await db.deleteFrom('cart_items').where('cart_id', '=', cartId).execute();
      await db.deleteFrom('cart_promotions').where('cart_id', '=', cartId).execute();
      await db.deleteFrom('carts').where('id', '=', cartId).execute();
    },

    /** Open carts untouched since `before`, oldest first. */
    staleOpen: (before: string, limit: number) =>
      db
        .selectFrom('carts')
        .select('id')
        .where('status', '=', 'open')
        .where('updated_at', '<', before)
        .orderBy('updated_at')
        .limit(limit)
        .execute(),

    /** Marks an open cart completed; false when another completion got there first. */
    async markCompleted(id: string, orderId: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('carts')
        .set({ status: 'completed', order_id: orderId, updated_at: at })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
