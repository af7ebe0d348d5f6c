import { Args } from '@oclif/core';
import type { Schedule } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { printSchedule } from '../../output/print-schedule.js';

export default class SchedulesResume extends BaseCommand<typeof SchedulesResume> {
  static override summary = 'Resume a paused schedule (admin).';

  static override description =
    'POST /v1/schedules/:id/resume. Works for built-in schedules too. Takes an ID or a name.';

  static override examples = ['<%= config.bin %> <%= command.id %> daily-sales-report'];

  static override args = {
    schedule: Args.string({ description: 'The schedule ID (sch_…) or name.', required: true }),
  };

  async run(): Promise<Schedule> {
    const client = await this.client();
    const schedule = await client.schedules.resume(this.args.schedule);
    this.out.line(
      `${this.out.style.green('✓')} ${schedule.name} is ${schedule.paused ? 'paused' : 'active'}.`,
    );
    printSchedule(this.out, schedule);
    return schedule;
  }
}
