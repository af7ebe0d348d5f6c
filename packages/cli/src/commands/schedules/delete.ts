import { Args } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';

export default class SchedulesDelete extends BaseCommand<typeof SchedulesDelete> {
  static override summary = 'Delete a schedule (admin).';

  static override description =
    'Deletes one of your schedules. Built-in schedules cannot be deleted (409 builtin_schedule): pause them.';

  static override examples = ['<%= config.bin %> <%= command.id %> nightly-export'];

  static override args = {
    schedule: Args.string({ description: 'The schedule ID (sch_…) or name.', required: true }),
  };

  async run(): Promise<{ deleted: string }> {
    const client = await this.client();
    await client.schedules.delete(this.args.schedule);
    this.out.line(`${this.out.style.green('✓')} Deleted schedule ${this.args.schedule}.`);
    return { deleted: this.args.schedule };
  }
}
