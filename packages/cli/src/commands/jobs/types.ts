import type { JobType } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import type { ListDocument } from '../../output/format.js';

export default class JobsTypes extends BaseCommand<typeof JobsTypes> {
  static override summary = 'List the job types the daemon can run (admin).';

  static override description =
    `Lists every registered job type with GET /v1/job-types: its queue, attempts, \
timeout and params. Run one with \`till jobs run <type>\`.

--json prints the list as the API returns it, each type with its params JSON Schema.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'With the params JSON Schemas.', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  static override flags = {};

  async run(): Promise<ListDocument<JobType>> {
    const client = await this.client();
    const types = await client.jobs.types();
    const result: ListDocument<JobType> = { object: 'list', data: types.data, has_more: types.has_more };
    if (result.data.length === 0) this.out.line('No job types.');
    else
      this.out.table(result.data, [
        { header: 'TYPE', get: (t) => t.type },
        { header: 'QUEUE', get: (t) => t.queue },
        { header: 'ATTEMPTS', get: (t) => String(t.maxAttempts) },
        { header: 'TIMEOUT', get: (t) => `${Math.round(t.timeoutMs / 1000)} s` },
        {
          header: 'PARAMS',
          get: (t) => Object.keys((t.paramsSchema.properties as object | undefined) ?? {}).join(', ') || '-',
        },
      ]);
    return result;
  }
}
