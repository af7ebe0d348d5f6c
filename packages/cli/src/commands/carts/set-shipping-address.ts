import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { addressFlags, addressFrom } from '../../commerce/address-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsSetShippingAddress extends BaseCommand<typeof CartsSetShippingAddress> {
  static override summary = "Set a cart's shipping address.";

  static override description =
    "Sets the cart's shipping address with PUT /v1/carts/:id/shipping-address and prints the cart priced for it. " +
    "The country must be one of the cart's region (422 region_mismatch or country_not_served otherwise); it decides the tax rates and the shipping methods on offer.";

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --name "Ada Lovelace" --line1 "Hauptstraße 1" --postal-code 10115 --city Berlin --country DE',
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = { ...addressFlags(true), 'cart-token': cartTokenFlag() };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.setShippingAddress(
      this.args.id,
      addressFrom(this.flags),
      cartTokenOptions(this.flags['cart-token']),
    );
    printCart(this.out, cart);
    return cart;
  }
}
