import { Args, Flags } from '@oclif/core';
import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsUpdateItem extends BaseCommand<typeof CartsUpdateItem> {
  static override summary = "Change a cart line's quantity.";

  static override description =
    'Sets the quantity with PATCH /v1/carts/:id/items/:itemId (at least 1; use remove-item to drop it).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 cti_01JABCDEFGHJKMNPQRSTVWXYZ0 --quantity 3',
  ];

  static override args = {
    id: idArg('cart', 'The cart ID (crt_…).'),
    itemId: Args.string({ description: 'The line ID (cti_…).', required: true }),
  };

  static override flags = {
    quantity: Flags.integer({ description: 'The new quantity.', min: 1, max: 10_000, required: true }),
    'cart-token': cartTokenFlag(),
  };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.updateItem(
      this.args.id,
      this.args.itemId,
      { quantity: this.flags.quantity },
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
