import type { Cart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsMine extends BaseCommand<typeof CartsMine> {
  static override summary = 'Show your own open cart, priced now.';

  static override description =
    'Fetches the open cart of the signed-in account with GET /v1/me/cart: after signing in with a guest cart, the ' +
    'cart it was merged into. Fails with not_found when you have none.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'As JSON.', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  async run(): Promise<Cart> {
    const client = await this.client();
    const cart = await client.carts.mine();
    printCart(this.out, cart);
    return cart;
  }
}
