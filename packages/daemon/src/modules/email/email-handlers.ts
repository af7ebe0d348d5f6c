import { z } from 'zod';
import type { Database } from '../../db/database-types.js';
import type { Mailer } from '../../infra/mailer/mailer.js';
import { defineJobType } from '../../queue/job-types.js';
import type { OrderLinkTokens } from '../orders/order-link-tokens.js';
import { EMAIL_TEMPLATE_NAMES, renderEmail } from './email-templates.js';

/**
 * `email.send`: renders a template and sends it. The recipient is `to`, or the current address of `userId`
 * (looked up when the job runs, so a changed address is honoured). A deleted or disabled user gets nothing.
 * The message ID is derived from the job, so a retry after a lost acknowledgement is recognisable as the same mail.
 */
export function emailJobTypes(deps: {
  db: Database;
  mailer: Mailer;
  shopName: string;
  orderLinks: Pick<OrderLinkTokens, 'mint'>;
}) {
  return [
    defineJobType({
      type: 'email.send',
      queue: 'email',
      params: z
        .strictObject({
          template: z.enum(EMAIL_TEMPLATE_NAMES),
          to: z.email().optional(),
          userId: z.string().max(64).optional(),
          data: z.record(z.string(), z.unknown()).default({}),
        })
        .refine((params) => params.to !== undefined || params.userId !== undefined, {
          message: 'give to or userId',
        }),
      maxAttempts: 8,
      timeoutMs: 60_000,
      async handler(params, context) {
        const to = params.to ?? (await activeEmailOf(deps.db, params.userId!));
        if (!to) return { sent: false, reason: 'recipient is gone or disabled' };
        const rendered = renderEmail(params.template, params.data, {
          shopName: deps.shopName,
          orderLinkToken: deps.orderLinks.mint,
        });
        const messageId = `<${context.jobId}@tillpoint>`;
        const { accepted } = await deps.mailer.send({ to, messageId, ...rendered });
        return { sent: true, accepted: accepted.length, messageId };
      },
    }),
  ];
}

async function activeEmailOf(db: Database, userId: string): Promise<string | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['email', 'disabled_at', 'deleted_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return user && !user.disabled_at && !user.deleted_at ? user.email : undefined;
}
