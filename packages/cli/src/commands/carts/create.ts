import { Flags } from '@oclif/core';
import type { CreatedCart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { printCart } from '../../output/print-cart.js';

export default class CartsCreate extends BaseCommand<typeof CartsCreate> {
  static override summary = 'Start a cart.';

  static override description =
    'Creates a cart with POST /v1/carts: yours when signed in, else a guest cart whose token is printed once. The region defaults to the only region.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> --region reg_01JABCDEFGHJKMNPQRSTVWXYZ0',
    { description: 'As JSON.', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  static override flags = {
    region: Flags.string({ description: 'Region ID (reg_…).', helpValue: '<id>' }),
    currency: Flags.string({
      description: 'ISO 4217 currency, when no region is named.',
      helpValue: '<code>',
    }),
    email: Flags.string({ description: 'Where the order confirmation goes.', helpValue: '<email>' }),
  };

  async run(): Promise<CreatedCart> {
    const client = await this.client();
    const cart = await client.carts.create({
      ...(this.flags.region ? { regionId: this.flags.region } : {}),
      ...(this.flags.currency ? { currency: this.flags.currency } : {}),
      ...(this.flags.email ? { email: this.flags.email } : {}),
    });
    this.out.line(`${this.out.style.green('✓')} Created cart ${this.out.style.bold(cart.id)}.`);
    if (cart.cart_token) this.out.line(`Cart token (shown once): ${cart.cart_token}`);
    printCart(this.out, cart);
    return cart;
  }
}
