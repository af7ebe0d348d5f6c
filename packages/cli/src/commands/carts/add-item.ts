import { Flags } from '@oclif/core';
import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsAddItem extends BaseCommand<typeof CartsAddItem> {
  static override summary = 'Add a variant to a cart (by SKU); again adds to its quantity.';

  static override description = 'Adds a line with POST /v1/carts/:id/items and prints the cart priced now.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --sku MUG-1 --quantity 2',
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = {
    sku: Flags.string({ description: "The variant's SKU.", helpValue: '<sku>', required: true }),
    quantity: Flags.integer({ description: 'Units to add (default 1).', min: 1, max: 10_000, default: 1 }),
    'cart-token': cartTokenFlag(),
  };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.addItem(
      this.args.id,
      { sku: this.flags.sku, quantity: this.flags.quantity },
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
