import type { User } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';
import type { Database } from '../../db/database-types.js';
import { type Clock, isoAfter } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { newSecret, sha256Hex } from '../../infra/secrets.js';
import { toUser, userAccounts } from '../users/user-accounts.js';
import { createOneTimeTokensRepository } from './one-time-tokens-repository.js';

/** How long a verification link works. */
const VERIFICATION_TTL_SECONDS = 48 * 3600;

/** What the sign-up email to an address should say. */
export type SignupEmailPlan =
  | { kind: 'verify'; userId: string; token: string; expiresAt: string }
  | { kind: 'already_registered'; userId: string };

/**
 * Proving that an account's address is its owner's: a one-time token (only its hash stored) mailed after a sign-up,
 * redeemed with `POST /v1/auth/verify-email`.
 */
export function createEmailVerification(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /**
     * Decides the email a sign-up with `email` gets: an unverified account gets a fresh verification token (its
     * owner may have lost the first mail), a verified one a notice that someone tried to sign up with it. Undefined
     * when the address has no active account.
     */
    async planSignupEmail(email: string): Promise<SignupEmailPlan | undefined> {
      const user = await userAccounts(db).findByEmail(email);
      if (!user || user.disabled_at) return undefined;
      if (user.email_verified_at) return { kind: 'already_registered', userId: user.id };
      const token = newSecret('emt_');
      const now = clock.now();
      const expiresAt = isoAfter(now, VERIFICATION_TTL_SECONDS);
      await createOneTimeTokensRepository(db, 'email_verifications').insert({
        id: newId('emailVerification'),
        user_id: user.id,
        token_hash: sha256Hex(token),
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      });
      return { kind: 'verify', userId: user.id, token, expiresAt };
    },

    /** Redeems a token: the account's address is verified and every other token of it dies. */
    async verify(token: string): Promise<User> {
      return db.transaction().execute(async (trx) => {
        const tokens = createOneTimeTokensRepository(trx, 'email_verifications');
        const found = await tokens.findByTokenHash(sha256Hex(token));
        const now = clock.now().toISOString();
        if (!found || found.used_at || found.expires_at <= now) throw new AppError('invalid_token');
        if (!(await tokens.markUsed(found.id, now))) throw new AppError('invalid_token');
        const accounts = userAccounts(trx);
        const user = await accounts.findById(found.user_id);
        if (!user || user.disabled_at) throw new AppError('account_disabled');
        const verified = user.email_verified_at
          ? user
          : (await accounts.update(user.id, { email_verified_at: now, updated_at: now }))!;
        await tokens.voidAllOf(user.id, now);
        return toUser(verified);
      });
    },
  };
}

export type EmailVerification = ReturnType<typeof createEmailVerification>;
