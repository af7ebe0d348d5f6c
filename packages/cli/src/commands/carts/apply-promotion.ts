import { Flags } from '@oclif/core';
import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsApplyPromotion extends BaseCommand<typeof CartsApplyPromotion> {
  static override summary = 'Enter a promotion code on a cart.';

  static override description =
    'Applies a code (any case) with POST /v1/carts/:id/promotions and prints the cart with its discount. A code ' +
    'that does not apply fails with its reason: promotion_expired, promotion_not_applicable, ' +
    'promotion_usage_exhausted, minimum_not_met, …';

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
    const cart = await client.carts.applyPromotion(
      this.args.id,
      this.flags.code,
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
