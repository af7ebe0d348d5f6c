import type { CartShippingOption } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idArg } from '../../id-args.js';

export default class CartsShippingOptions extends BaseCommand<typeof CartsShippingOptions> {
  static override summary = 'List the shipping methods that can ship a cart, with their prices.';

  static override description =
    "Lists with GET /v1/carts/:id/shipping-options the active methods of the cart's region whose rules accept its " +
    'address and contents, each priced for this cart. Pick one with `till carts set-shipping-method`.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'The cheapest option as JSON.',
      command:
        "<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --json | jq 'min_by(.amount)'",
    },
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = { 'cart-token': cartTokenFlag() };

  async run(): Promise<CartShippingOption[]> {
    const client = await this.client();
    const { data } = await client.carts.shippingOptions(
      this.args.id,
      cartTokenOptions(this.flags['cart-token']),
    );
    this.out.table(data, [
      { header: 'METHOD', get: (option) => option.method.id },
      { header: 'NAME', get: (option) => option.method.name },
      { header: 'PRICE', get: (option) => formatMoney(option.amount, option.method.currency) },
    ]);
    if (data.length === 0) this.out.line('No shipping method ships this cart (check its shipping address).');
    return data;
  }
}
