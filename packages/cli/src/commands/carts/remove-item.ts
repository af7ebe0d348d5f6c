import { Args } from '@oclif/core';
import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsRemoveItem extends BaseCommand<typeof CartsRemoveItem> {
  static override summary = 'Remove a line from a cart.';

  static override description =
    'Removes the line with DELETE /v1/carts/:id/items/:itemId and prints the cart.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 cti_01JABCDEFGHJKMNPQRSTVWXYZ0',
  ];

  static override args = {
    id: idArg('cart', 'The cart ID (crt_…).'),
    itemId: Args.string({ description: 'The line ID (cti_…).', required: true }),
  };

  static override flags = { 'cart-token': cartTokenFlag() };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.removeItem(
      this.args.id,
      this.args.itemId,
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
