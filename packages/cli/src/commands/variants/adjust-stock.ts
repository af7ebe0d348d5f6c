import { Flags } from '@oclif/core';
import type { StockAdjustment } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printStockAdjustment } from '../../output/print-commerce.js';

export default class VariantsAdjustStock extends BaseCommand<typeof VariantsAdjustStock> {
  static override summary = "Change a variant's stock by a signed amount, with a reason (admin).";

  static override description = `Records a stock adjustment with POST /v1/variants/:id/stock-adjustments: \
--delta adds (positive) or removes (negative) units, and --reason says why; both are kept in the history. \
Write a negative delta as --delta=-3. Needs an admin.`;

  static override examples = [
    {
      description: 'A delivery of 50 units.',
      command:
        '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0 --delta 50 --reason delivery',
    },
    {
      description: 'Write off 3 broken units, safely retryable.',
      command:
        '<%= config.bin %> <%= command.id %> var_01JABCDEFGHJKMNPQRSTVWXYZ0 --delta=-3 --reason "broken in storage" --idempotency-key writeoff-42',
    },
  ];

  static override args = {
    variantId: idArg('variant', 'The variant ID (var_…).'),
  };

  static override flags = {
    delta: Flags.integer({
      description: 'Units to add (positive) or remove (negative, e.g. --delta=-3); not zero.',
      helpValue: '<n>',
      required: true,
    }),
    reason: Flags.string({ description: 'Why the stock changes.', helpValue: '<text>', required: true }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<StockAdjustment> {
    const { delta, reason } = this.flags;
    if (delta === 0) {
      throw new CliFailure('--delta must not be zero.', 'usage_error', { exitCode: EXIT.usage });
    }
    const client = await this.client();
    const adjustment = await client.variants.adjustStock(
      this.args.variantId,
      { delta, reason },
      idempotencyOptions(this.flags['idempotency-key']),
    );
    this.out.line(
      `${this.out.style.green('✓')} Stock ${delta > 0 ? `+${delta}` : delta}: now ${adjustment.stockAfter}.`,
    );
    printStockAdjustment(this.out, adjustment);
    return adjustment;
  }
}
