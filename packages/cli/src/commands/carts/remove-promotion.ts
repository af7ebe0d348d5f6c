import { Flags } from '@oclif/core';
import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsRemovePromotion extends BaseCommand<typeof CartsRemovePromotion> {
  static override summary = 'Take a promotion code off a cart.';

  static override description =
    'Removes the code with DELETE /v1/carts/:id/promotions/:code and prints the cart priced without it.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --code SUMMER10',
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = {
    code: Flags.string({ description: 'The promotion code.', helpValue: '<code>', required: true }),
    'cart-token': cartTokenFlag(),
  };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.removePromotion(
      this.args.id,
      this.flags.code,
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
