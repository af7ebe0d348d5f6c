import { Flags } from '@oclif/core';
import type { TaxRate } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';

export default class TaxRatesDelete extends BaseCommand<typeof TaxRatesDelete> {
  static override summary = 'Delete a tax rate (admin).';

  static override description =
    `Deletes the tax rate with DELETE /v1/tax-rates/:id (admin). --json prints the deleted tax rate. Asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> txr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> txr_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = { id: idArg('taxRate', 'The tax rate ID (txr_…).') };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<TaxRate> {
    const { id } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete tax rate ${id}? This cannot be undone.`,
      `Refusing to delete tax rate ${id} without confirmation.`,
    );
    const client = await this.client();
    const r = await client.taxRates.delete(id);
    this.out.line(`${this.out.style.green('✓')} Deleted tax rate ${this.out.style.bold(r.name)} (${r.id}).`);
    return r;
  }
}
