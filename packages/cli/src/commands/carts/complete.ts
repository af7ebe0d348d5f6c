import { Flags } from '@oclif/core';
import type { CompletedCart } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { cartTokenFlag, cartTokenOptions } from '../../carts/cart-flags.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { printOrder } from '../../output/print-commerce.js';

export default class CartsComplete extends BaseCommand<typeof CartsComplete> {
  static override summary = 'Complete a cart into an order.';

  static override description =
    'Completes the cart with POST /v1/carts/:id/complete. --fingerprint is the one last seen (till carts get); without it the current one is used. 409 cart_changed when the amount moved.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> crt_01JABCDEFGHJKMNPQRSTVWXYZ0 --fingerprint 3f…',
  ];

  static override args = { id: idArg('cart', 'The cart ID (crt_…).') };

  static override flags = {
    fingerprint: Flags.string({
      description: 'The fingerprint of the cart as last seen.',
      helpValue: '<hash>',
    }),
    'cart-token': cartTokenFlag(),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<CompletedCart> {
    const client = await this.client();
    const token = this.flags['cart-token'];
    const fingerprint =
      this.flags.fingerprint ?? (await client.carts.get(this.args.id, cartTokenOptions(token))).fingerprint;
    const done = await client.carts.complete(
      this.args.id,
      { fingerprint },
      cartTokenOptions(token, idempotencyOptions(this.flags['idempotency-key'])),
    );
    this.out.line(
      `${this.out.style.green('✓')} Completed cart ${this.args.id} into order ${this.out.style.bold(done.order.id)}.`,
    );
    if (done.order_token) this.out.line(`Order token (shown once): ${done.order_token}`);
    printOrder(this.out, done.order);
    return done;
  }
}
