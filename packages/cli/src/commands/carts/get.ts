import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsGet extends BaseCommand<typeof CartsGet> {
  static override summary = 'Show a cart priced now, with its breakdown and fingerprint.';

  static override description =
    'Fetches the cart with GET /v1/carts/:id. A guest cart needs --cart-token unless you are an admin.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: "A guest's cart, as JSON.",
      command: '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --cart-token tpc_… --json',
    },
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = { 'cart-token': cartTokenFlag() };

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.get(this.args.id, cartTokenOptions(this.flags['cart-token']));
    printCart(this.out, cart);
    return cart;
  }
}
