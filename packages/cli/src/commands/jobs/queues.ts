import type { QueueStats } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import type { ListDocument } from '../../output/format.js';

export default class JobsQueues extends BaseCommand<typeof JobsQueues> {
  static override summary = 'Show each queue’s depth and throughput (admin).';

  static override description =
    'Pending, running and dead jobs per queue, and how many succeeded in the last minute (GET /v1/queues). --json prints the list as the API returns it.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  async run(): Promise<ListDocument<QueueStats>> {
    const client = await this.client();
    const result = await client.jobs.queues();
    const s = this.out.style;
    this.out.table(result.data, [
      { header: 'QUEUE', get: (q) => q.name },
      { header: 'PENDING', get: (q) => String(q.pending) },
      { header: 'RUNNING', get: (q) => String(q.running) },
      { header: 'DEAD', get: (q) => (q.dead > 0 ? s.red(String(q.dead)) : '0') },
      { header: 'DONE/MIN', get: (q) => String(q.succeededLastMinute) },
    ]);
    return result;
  }
}
