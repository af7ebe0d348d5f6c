import { Flags } from '@oclif/core';
import type { Region } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';

export default class RegionsDelete extends BaseCommand<typeof RegionsDelete> {
  static override summary = 'Delete a region (admin).';

  static override description =
    `Deletes the region with DELETE /v1/regions/:id. A region that still has tax rates or shipping methods is refused (409 region_in_use): delete them first. --json prints the deleted region. Asks for confirmation on a terminal; elsewhere (pipes, CI) pass --yes.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> reg_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> reg_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = { id: idArg('region', 'The region ID (reg_…).') };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<Region> {
    const { id } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete region ${id}? This cannot be undone.`,
      `Refusing to delete region ${id} without confirmation.`,
    );
    const client = await this.client();
    const r = await client.regions.delete(id);
    this.out.line(`${this.out.style.green('✓')} Deleted region ${this.out.style.bold(r.name)} (${r.id}).`);
    return r;
  }
}
