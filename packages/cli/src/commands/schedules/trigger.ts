import { Args } from '@oclif/core';
import type { Job } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { printJob } from '../../output/print-job.js';

export default class SchedulesTrigger extends BaseCommand<typeof SchedulesTrigger> {
  static override summary = "Enqueue a schedule's job now (admin).";

  static override description =
    "Enqueues the schedule's job at once, outside its ticks (POST /v1/schedules/:id/trigger). Follow the job with `till jobs get <id> --wait 60`.";

  static override examples = [
    '<%= config.bin %> <%= command.id %> sqlite-backup',
    '<%= config.bin %> <%= command.id %> daily-sales-report --json',
  ];

  static override args = {
    schedule: Args.string({ description: 'The schedule ID (sch_…) or name.', required: true }),
  };

  async run(): Promise<Job> {
    const client = await this.client();
    const job = await client.schedules.trigger(this.args.schedule);
    this.out.line(`${this.out.style.green('✓')} Queued job ${this.out.style.bold(job.id)} (${job.type}).`);
    printJob(this.out, job);
    return job;
  }
}
