import { Args } from '@oclif/core';
import type { Schedule } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { printSchedule } from '../../output/print-schedule.js';

export default class SchedulesGet extends BaseCommand<typeof SchedulesGet> {
  static override summary = 'Show a schedule (admin).';

  static override description =
    'Shows a schedule by ID or name: when it fires, its job, its last and next tick.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> daily-sales-report',
    '<%= config.bin %> <%= command.id %> sch_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
  ];

  static override args = {
    schedule: Args.string({ description: 'The schedule ID (sch_…) or name.', required: true }),
  };

  async run(): Promise<Schedule> {
    const client = await this.client();
    const schedule = await client.schedules.get(this.args.schedule);
    printSchedule(this.out, schedule);
    return schedule;
  }
}
