import { z } from 'zod';
import type { Mailer } from '../../infra/mailer/mailer.js';
import { defineJobType } from '../../queue/job-types.js';
import { renderEmail } from '../email/email-templates.js';
import type { AuthService } from './auth-service.js';

/**
 * `auth.send_signup_email` (after `POST /v1/auth/register`): a new or still unverified account gets a verification
 * token, minted here so it exists only as a hash and in the mailbox; a verified one gets a notice that someone tried
 * to sign up with its address. The register answer is the same in both cases; only the address's owner learns which.
 *
 * `auth.send_password_reset`: mints a reset token and emails it, in one step, so the token exists only as a hash
 * and in the recipient's mailbox. An unknown or disabled address does nothing. A retry mints a new token (the
 * earlier one still works until it expires or a reset succeeds, which voids all of them).
 */
export function authJobTypes(deps: { auth: () => AuthService; mailer: Mailer; shopName: string }) {
  return [
    defineJobType({
      type: 'auth.send_password_reset',
      queue: 'email',
      params: z.strictObject({ email: z.string().min(3).max(320) }),
      maxAttempts: 5,
      async handler({ email }, context) {
        const reset = await deps.auth().issuePasswordReset(email);
        if (!reset) return { sent: false };
        const rendered = renderEmail(
          'password_reset',
          { token: reset.token, expiresAt: reset.expiresAt },
          { shopName: deps.shopName },
        );
        await deps.mailer.send({
          to: email,
          messageId: `<${context.jobId}.${context.attempt}@tillpoint>`,
          ...rendered,
        });
        return { sent: true, userId: reset.userId };
      },
    }),
    defineJobType({
      type: 'auth.send_signup_email',
      queue: 'email',
      params: z.strictObject({ email: z.string().min(3).max(320) }),
      maxAttempts: 5,
      async handler({ email }, context) {
        const plan = await deps.auth().planSignupEmail(email);
        if (!plan) return { sent: false };
        const rendered =
          plan.kind === 'verify'
            ? renderEmail(
                'verify_email',
                { token: plan.token, expiresAt: plan.expiresAt },
                { shopName: deps.shopName },
              )
            : renderEmail('signup_attempt', {}, { shopName: deps.shopName });
        await deps.mailer.send({
          to: email,
          messageId: `<${context.jobId}.${context.attempt}@tillpoint>`,
          ...rendered,
        });
        return { sent: true, userId: plan.userId };
      },
    }),
  ];
}
