import { Flags } from '@oclif/core';
import type { Event, EventType } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { formatTime } from '../../output/format.js';

export default class EventsTail extends BaseCommand<typeof EventsTail> {
  static override summary = 'Follow domain events live (admins: all; users: their own).';

  static override description =
    `Opens the event stream (GET /v1/events/stream) and prints each event as it happens, \
until Ctrl-C. A dropped connection is reopened and resumed, so nothing is missed. --type (repeatable) filters; \
--since <evt_…> replays what came after that event first.

--json prints one JSON object per line (JSON Lines), for piping into jq or a log shipper.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Paid orders as JSON Lines.',
      command: '<%= config.bin %> <%= command.id %> --type order.paid --json | jq .subjectId',
    },
  ];

  static override flags = {
    type: Flags.string({
      multiple: true,
      description: 'Only this event type. Repeatable.',
      helpValue: '<type>',
    }),
    since: Flags.string({
      description: 'Replay the events after this event ID first.',
      helpValue: '<evt_…>',
    }),
    limit: Flags.integer({ description: 'Stop after this many events (default: run until Ctrl-C).', min: 1 }),
  };

  async run(): Promise<undefined> {
    const client = await this.client({ timeout: 30_000 });
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const json = this.jsonEnabled();
    if (!json) this.out.notice(this.out.errStyle.dim('Following events; Ctrl-C to stop.'));
    let count = 0;
    try {
      for await (const event of client.events.stream({
        types: this.flags.type as EventType[] | undefined,
        lastEventId: this.flags.since,
        signal: controller.signal,
        onReconnect: (attempt, delayMs) =>
          this.out.notice(
            this.out.errStyle.yellow(`Connection lost; reconnecting in ${delayMs} ms (attempt ${attempt}).`),
          ),
      })) {
        if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
        else this.print(event);
        if (this.flags.limit !== undefined && ++count >= this.flags.limit) controller.abort();
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return undefined;
  }

  /** Lines are written as they come; there is no final document. */
  protected override logJson(json: unknown): void {
    if (json !== undefined) super.logJson(json);
  }

  private print(event: Event): void {
    const s = this.out.style;
    this.out.line(
      `${formatTime(event.createdAt, s)}  ${s.bold(event.type.padEnd(24))} ${event.subjectId}  ${s.dim(event.id)}`,
    );
  }
}
