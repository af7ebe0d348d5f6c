import { Args, Flags } from '@oclif/core';
import type { Schedule, UpdateScheduleRequest } from '@tillpoint/sdk';
import { buildFields } from '../../api/api-request.js';
import { BaseCommand } from '../../base-command.js';
import { printSchedule } from '../../output/print-schedule.js';

export default class SchedulesUpdate extends BaseCommand<typeof SchedulesUpdate> {
  static override summary = 'Change a schedule (admin).';

  static override description =
    'Changes the timing, job, params or missed-tick policy of a schedule (built-in ones too). --cron replaces an interval and --every a cron expression; --param replaces all params.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> daily-sales-report --cron "30 1 * * *" --timezone Europe/Berlin',
  ];

  static override args = {
    schedule: Args.string({ description: 'The schedule ID (sch_…) or name.', required: true }),
  };

  static override flags = {
    cron: Flags.string({
      description: 'New cron expression.',
      exclusive: ['every'],
      helpValue: '<expression>',
    }),
    every: Flags.integer({
      description: 'New interval in seconds.',
      min: 1,
      exclusive: ['cron'],
      helpValue: '<seconds>',
    }),
    timezone: Flags.string({ description: 'IANA time zone for the cron expression.', helpValue: '<zone>' }),
    'job-type': Flags.string({ description: 'New job type.' }),
    param: Flags.string({
      char: 'p',
      multiple: true,
      description: 'Job params key=value (replace all). Repeatable.',
      helpValue: '<key=value>',
    }),
    'missed-ticks': Flags.string({ description: 'New missed-tick policy.', options: ['run_once', 'skip'] }),
    description: Flags.string({ description: 'New description.' }),
  };

  async run(): Promise<Schedule> {
    const f = this.flags;
    const body: UpdateScheduleRequest = {
      ...(f.cron === undefined ? {} : { cron: f.cron }),
      ...(f.every === undefined ? {} : { intervalSeconds: f.every }),
      ...(f.timezone === undefined ? {} : { timezone: f.timezone }),
      ...(f['job-type'] === undefined ? {} : { jobType: f['job-type'] }),
      ...(f.param === undefined ? {} : { params: buildFields([], f.param) }),
      ...(f['missed-ticks'] === undefined ? {} : { missedTicks: f['missed-ticks'] as 'run_once' | 'skip' }),
      ...(f.description === undefined ? {} : { description: f.description }),
    };
    const client = await this.client();
    const schedule = await client.schedules.update(this.args.schedule, body);
    this.out.line(`${this.out.style.green('✓')} Updated schedule ${this.out.style.bold(schedule.name)}.`);
    printSchedule(this.out, schedule);
    return schedule;
  }
}
