import type { Event } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printEvent } from '../../output/print-commerce.js';

export default class EventsGet extends BaseCommand<typeof EventsGet> {
  static override summary = 'Show one domain event with its data (admin).';

  static override description =
    'Fetches the event with GET /v1/events/:id and prints it, with the resource as it was right after the change.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> evt_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> evt_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = {
    id: idArg('event', 'The event ID (evt_…).'),
  };

  static override flags = {};

  async run(): Promise<Event> {
    const client = await this.client();
    const event = await client.events.get(this.args.id);
    printEvent(this.out, event);
    return event;
  }
}
