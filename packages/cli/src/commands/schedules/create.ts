import { Flags } from '@oclif/core';
import type { Schedule } from '@tillpoint/sdk';
import { buildFields } from '../../api/api-request.js';
import { BaseCommand } from '../../base-command.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printSchedule } from '../../output/print-schedule.js';

export default class SchedulesCreate extends BaseCommand<typeof SchedulesCreate> {
  static override summary = 'Create a schedule that enqueues a job (admin).';

  static override description =
    `Creates a schedule (POST /v1/schedules): --cron (5 fields, or 6 with seconds, read \
in --timezone) or --every <seconds> (ticks aligned to the Unix epoch), a --job-type with --param key=value params \
(checked against the type now), and what to do with ticks missed while no daemon ran (--missed-ticks).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --name nightly-export --cron "0 2 * * *" --timezone Europe/Paris --job-type exports.orders --param period=yesterday',
    {
      description: 'Every 5 minutes, paused for now.',
      command:
        '<%= config.bin %> <%= command.id %> --name probe --every 300 --job-type system.probe --paused --json',
    },
  ];

  static override flags = {
    name: Flags.string({
      description: 'Unique name: lower-case letters, digits, ".", "_" or "-".',
      required: true,
    }),
    cron: Flags.string({ description: 'Cron expression.', exclusive: ['every'], helpValue: '<expression>' }),
    every: Flags.integer({
      description: 'Interval in seconds.',
      min: 1,
      exclusive: ['cron'],
      helpValue: '<seconds>',
    }),
    timezone: Flags.string({ description: 'IANA time zone for --cron (default UTC).', helpValue: '<zone>' }),
    'job-type': Flags.string({
      description: 'The job type to enqueue (see `till jobs types`).',
      required: true,
    }),
    param: Flags.string({
      char: 'p',
      multiple: true,
      description: 'A job param key=value. Repeatable.',
      helpValue: '<key=value>',
    }),
    'missed-ticks': Flags.string({
      description: 'After downtime: run the latest missed tick once, or skip.',
      options: ['run_once', 'skip'],
    }),
    description: Flags.string({ description: 'What the schedule is for.' }),
    paused: Flags.boolean({ description: 'Create it paused.' }),
  };

  async run(): Promise<Schedule> {
    const { name, cron, every, timezone, description, paused } = this.flags;
    if (cron === undefined && every === undefined) {
      throw new CliFailure('Give --cron or --every.', 'invalid_input', { exitCode: EXIT.usage });
    }
    const client = await this.client();
    const schedule = await client.schedules.create({
      name,
      ...(cron === undefined ? {} : { cron }),
      ...(every === undefined ? {} : { intervalSeconds: every }),
      ...(timezone === undefined ? {} : { timezone }),
      jobType: this.flags['job-type'],
      params: buildFields([], this.flags.param ?? []),
      ...(this.flags['missed-ticks']
        ? { missedTicks: this.flags['missed-ticks'] as 'run_once' | 'skip' }
        : {}),
      ...(description === undefined ? {} : { description }),
      paused,
    });
    this.out.line(`${this.out.style.green('✓')} Created schedule ${this.out.style.bold(schedule.name)}.`);
    printSchedule(this.out, schedule);
    return schedule;
  }
}
