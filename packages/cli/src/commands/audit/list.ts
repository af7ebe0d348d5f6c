import { Flags } from '@oclif/core';
import type { AuditEntry } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { sharedFlags } from '../../flags.js';
import { formatTime, type ListDocument } from '../../output/format.js';
import { collectList, pageSize } from '../../output/list.js';

export default class AuditList extends BaseCommand<typeof AuditList> {
  static override summary = 'List admin actions from the audit log (admin).';

  static override description =
    `Who changed what, when and from where: role changes, refunds, API keys, schedules, \
webhook endpoints, jobs, backups and restores, newest first. Filter by --action, --actor and --target.

--json prints the list as the API returns it, with each entry's redacted request body in "details".`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Every role change, as JSON.',
      command: '<%= config.bin %> <%= command.id %> --action users.update --all --json',
    },
  ];

  static override flags = {
    action: Flags.string({ description: 'Only this action, e.g. users.update or payments.refunds.' }),
    actor: Flags.string({ description: 'Only actions by this user or API key ID.' }),
    target: Flags.string({ description: 'Only actions on this resource ID.' }),
    limit: sharedFlags.limit(),
    all: sharedFlags.all(),
  };

  async run(): Promise<ListDocument<AuditEntry>> {
    const client = await this.client();
    const { action, actor, target, limit, all } = this.flags;
    const result = await collectList(
      client.auditLog.list({ action, actorId: actor, targetId: target, limit: pageSize(limit, all) }),
      all,
    );
    const s = this.out.style;
    if (result.data.length === 0) this.out.line('No audit entries match.');
    else
      this.out.table(result.data, [
        { header: 'WHEN', get: (e) => formatTime(e.createdAt, s) },
        { header: 'ACTION', get: (e) => e.action },
        { header: 'ACTOR', get: (e) => e.actorId ?? e.actorKind },
        { header: 'TARGET', get: (e) => e.targetId ?? '' },
        { header: 'FROM', get: (e) => e.ip ?? '' },
        { header: 'REQUEST', get: (e) => e.requestId ?? '' },
      ]);
    if (result.has_more) this.out.notice(this.out.errStyle.dim('More entries follow: pass --all.'));
    return result;
  }
}
