import { Flags } from '@oclif/core';
import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg, parseId } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsSetShippingMethod extends BaseCommand<typeof CartsSetShippingMethod> {
  static override summary = 'Choose how a cart ships.';

  static override description =
    'Sets the shipping method with PUT /v1/carts/:id/shipping-method and prints the cart with its shipping price. ' +
    'The method must be one `till carts shipping-options` lists (422 shipping_method_unavailable otherwise).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --method shm_01JABCDEFGHJKMNPQRSTVWXYZ0',
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = {
    method: Flags.string({
      description: 'The shipping method ID (shm_…).',
      helpValue: '<id>',
      required: true,
      parse: async (input) => parseId('shippingMethod', input),
    }),
    'cart-token': cartTokenFlag(),
  };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.setShippingMethod(
      this.args.id,
      this.flags.method,
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
