import { Flags } from '@oclif/core';
import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsSetEmail extends BaseCommand<typeof CartsSetEmail> {
  static override summary = "Set a cart's email (where a guest's order confirmation goes).";

  static override description =
    "Sets the cart's email with PUT /v1/carts/:id/email and prints the cart. A guest cart needs one before it " +
    'completes; per-customer promotion limits count guests by it.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --email ada@example.com',
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = {
    email: Flags.string({ description: 'The email address.', helpValue: '<email>', required: true }),
    'cart-token': cartTokenFlag(),
  };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.setEmail(
      this.args.id,
      this.flags.email,
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
