import {
  type AuthSession,
  type LoginRequestSchema,
  normalizeEmail,
  type PasswordResetConfirmSchema,
  type RegisterRequestSchema,
  type SetupRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../core/app-error.js';
import type { Principal } from '../../core/principal.js';
import type { Database, Executor } from '../../db/database-types.js';
import { type Clock, isoAfter } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import type { Logger } from '../../infra/logger.js';
import { newSecret, sha256Hex } from '../../infra/secrets.js';
import type { JobQueue } from '../../queue/job-queue.js';
import type { Outbox } from '../events/outbox.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { toUser, type UserAccounts, type UserRow, userAccounts } from '../users/user-accounts.js';
import type { AccessTokens } from './access-tokens.js';
import { createEmailVerification } from './email-verification.js';
import type { LoginThrottle } from './login-throttle.js';
import type { OneTimeTokensRepository } from './one-time-tokens-repository.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionsRepository } from './sessions-repository.js';

/** Where a request came from, recorded on the session it starts. */
export interface RequestContext {
  ip: string;
  userAgent: string | undefined;
}

/**
 * A refresh token presented again within this many seconds of its rotation is taken as a benign
 * race (two tabs refreshing at once): refused, but the session survives. Later reuse revokes it.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 10;
const PASSWORD_RESET_TTL_SECONDS = 3600;
const SETUP_TOKEN_KEY = 'setup_token_hash';

export interface AuthServiceDeps {
  db: Database;
  config: Pick<Config, 'allowSignup' | 'refreshTokenTtlSeconds'>;
  outbox: Outbox;
  queue: () => JobQueue;
  users: UserAccounts;
  sessions: SessionsRepository;
  resets: OneTimeTokensRepository;
  settings: SettingsStore;
  hasher: PasswordHasher;
  tokens: AccessTokens;
  throttle: LoginThrottle;
  clock: Clock;
  logger: Logger;
}

export function createAuthService(deps: AuthServiceDeps) {
  const { users, sessions, hasher, clock } = deps;
  const verification = createEmailVerification({ db: deps.db, clock });
  const nowIso = () => clock.now().toISOString();

  async function startSession(user: UserRow, context: RequestContext): Promise<AuthSession> {
    const now = clock.now();
    const sessionId = newId('session');
    const refreshToken = newSecret('rt_');
    const refreshExpiresAt = isoAfter(now, deps.config.refreshTokenTtlSeconds);
    await sessions.insertSession(
      {
        id: sessionId,
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: refreshExpiresAt,
        revoked_at: null,
        revoked_reason: null,
        user_agent: context.userAgent?.slice(0, 256) ?? null,
        ip: context.ip,
      },
      {
        id: newId('refreshToken'),
        session_id: sessionId,
        token_hash: sha256Hex(refreshToken),
        created_at: now.toISOString(),
        expires_at: refreshExpiresAt,
        rotated_at: null,
      },
    );
    return sessionAnswer(user, sessionId, refreshToken, refreshExpiresAt);
  }

  async function sessionAnswer(
    user: UserRow,
    sessionId: string,
    refreshToken: string,
    refreshExpiresAt: string,
  ) {
    const access = await deps.tokens.sign({ userId: user.id, sessionId, role: user.role });
    return {
      object: 'session' as const,
      user: toUser(user),
      tokenType: 'Bearer' as const,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken,
      refreshTokenExpiresAt: refreshExpiresAt,
    };
  }

  /**
   * Inserts an account with its `user.created` event, and `alsoInTransaction` (the sign-up email job) in the same
   * transaction. Accounts an admin makes are verified at once; a self sign-up is verified by its email.
   */
  async function insertUser(
    input: { email: string; passwordHash: string; name?: string | undefined },
    role: 'admin' | 'user',
    verified: boolean,
    alsoInTransaction?: (trx: Executor) => Promise<void>,
  ): Promise<UserRow> {
    const now = nowIso();
    const row: UserRow = {
      id: newId('user'),
      email: input.email,
      name: input.name ?? null,
      password_hash: input.passwordHash,
      role,
      disabled_at: null,
      deleted_at: null,
      email_verified_at: verified ? now : null,
      created_at: now,
      updated_at: now,
    };
    await deps.db.transaction().execute(async (trx) => {
      await userAccounts(trx).insert(row);
      await deps.outbox.append(
        trx,
        { type: 'user.created', subjectId: row.id, ownerId: row.id, data: toUser(row) },
        now,
      );
      await alsoInTransaction?.(trx);
    });
    return row;
  }

  /** An account made by an admin (setup, `tillpointd admin create`): 409 `email_taken` when the address has one. */
  async function createVerifiedUser(
    input: { email: string; password: string; name?: string | undefined },
    role: 'admin' | 'user',
  ): Promise<UserRow> {
    if (await users.findByEmail(input.email)) throw new AppError('email_taken');
    const passwordHash = await hasher.hash(input.password);
    try {
      return await insertUser({ ...input, passwordHash }, role, true);
    } catch (error) {
      // Two creations racing for one email: the unique index decides, the loser gets the same 409.
      if (await users.findByEmail(input.email)) throw new AppError('email_taken', { cause: error });
      throw error;
    }
  }

  /** Queues the email that tells the owner of `email` about a sign-up (`auth-handlers.ts` picks which one). */
  async function queueSignupEmail(trx: Executor, email: string) {
    await deps.queue().enqueue(trx, { type: 'auth.send_signup_email', params: { email } });
  }

  return {
    /**
     * Self sign-up. The answer, and the work behind it (one bcrypt hash, one transaction, one email job), are the
     * same whether or not the address already has an account, so neither tells who is registered: the owner of the
     * address learns which it was from the email (`auth.send_signup_email`). No session is started.
     */
    async register(input: z.output<typeof RegisterRequestSchema>): Promise<void> {
      if (!deps.config.allowSignup) throw new AppError('signup_disabled');
      const passwordHash = await hasher.hash(input.password);
      if (!(await users.findByEmail(input.email))) {
        try {
          await insertUser({ ...input, passwordHash }, 'user', false, (trx) =>
            queueSignupEmail(trx, input.email),
          );
          deps.queue().wake('email');
          return;
        } catch (error) {
          // Lost a race for the address to another sign-up: from here on it is an existing account.
          if (!(await users.findByEmail(input.email))) throw error;
        }
      }
      await deps.db.transaction().execute((trx) => queueSignupEmail(trx, input.email));
      deps.queue().wake('email');
    },

    /** Redeems an emailed verification token (`email-verification.ts`). */
    verifyEmail: (token: string) => verification.verify(token),

    /** What the sign-up email to `email` says, minting a verification token when it needs one. */
    planSignupEmail: (email: string) => verification.planSignupEmail(email),

    /**
     * Same answer, and the same bcrypt work, for an unknown email and a wrong password, so neither
     * the response nor its timing tells which one it was.
     */
    async login(input: z.output<typeof LoginRequestSchema>, context: RequestContext) {
      const email = normalizeEmail(input.email);
      await deps.throttle.beforeAttempt(email, context.ip);
      const user = await users.findByEmail(email);
      let valid = false;
      if (user?.password_hash) valid = await hasher.verify(input.password, user.password_hash);
      else await hasher.verifyNothing(input.password);
      if (!user || !valid) {
        await deps.throttle.recordFailure(email, context.ip);
        throw new AppError('invalid_credentials');
      }
      if (user.disabled_at) throw new AppError('account_disabled');
      await deps.throttle.recordSuccess(email);
      return startSession(user, context);
    },

    async refresh(refreshToken: string | undefined) {
      if (!refreshToken) {
        throw new AppError('validation_failed', {
          errors: [
            {
              path: 'body.refreshToken',
              message: 'required unless the tp_refresh cookie is sent',
              code: 'required',
            },
          ],
        });
      }
      const found = await sessions.findRefreshToken(sha256Hex(refreshToken));
      const now = clock.now();
      if (!found || found.session_revoked_at || found.expires_at <= now.toISOString()) {
        throw new AppError('invalid_token');
      }
      if (found.rotated_at) return refuseReuse(found.session_id, found.rotated_at);
      const user = await users.findById(found.user_id);
      if (!user || user.disabled_at) throw new AppError('account_disabled');
      const next = newSecret('rt_');
      const nextExpiresAt = isoAfter(now, deps.config.refreshTokenTtlSeconds);
      const rotated = await sessions.rotate(found.id, now.toISOString(), {
        id: newId('refreshToken'),
        session_id: found.session_id,
        token_hash: sha256Hex(next),
        created_at: now.toISOString(),
        expires_at: nextExpiresAt,
        rotated_at: null,
      });
      // Lost the race to a concurrent refresh of the same token: treat exactly like a reuse inside the grace window.
      if (!rotated) return refuseReuse(found.session_id, now.toISOString());
      return sessionAnswer(user, found.session_id, next, nextExpiresAt);
    },

    /** Ends the session a refresh token (or the caller's own token) belongs to. Idempotent. */
    async logout(refreshToken: string | undefined, principal: Principal): Promise<void> {
      const sessionId = refreshToken
        ? (await sessions.findRefreshToken(sha256Hex(refreshToken)))?.session_id
        : principal.kind === 'user'
          ? principal.sessionId
          : undefined;
      if (sessionId) await sessions.revokeSession(sessionId, nowIso(), 'logout');
    },

    async logoutAll(userId: string): Promise<void> {
      await sessions.revokeAllSessions(userId, nowIso(), 'logout_all');
    },

    /**
     * Queues a password-reset email; answers the same whether or not the account exists (the job finds out, so
     * the response time does not tell either). The token is minted when the email is sent, so it never rests in
     * the job queue in plain text.
     */
    async requestPasswordReset(emailInput: string): Promise<void> {
      const queue = deps.queue();
      await queue.enqueue(deps.db, {
        type: 'auth.send_password_reset',
        params: { email: normalizeEmail(emailInput) },
      });
      queue.wake('email');
    },

    /**
     * Mints a one-time reset token for an active account (only its hash is stored).
     * @returns the token for the email, or undefined when there is no such active account.
     */
    async issuePasswordReset(
      email: string,
    ): Promise<{ userId: string; token: string; expiresAt: string } | undefined> {
      const user = await users.findByEmail(email);
      if (!user || user.disabled_at || user.deleted_at) return undefined;
      const token = newSecret('prt_');
      const now = clock.now();
      const expiresAt = isoAfter(now, PASSWORD_RESET_TTL_SECONDS);
      await deps.resets.insert({
        id: newId('passwordReset'),
        user_id: user.id,
        token_hash: sha256Hex(token),
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      });
      return { userId: user.id, token, expiresAt };
    },

    /** Sets a new password from a one-time token and ends every session of the account. */
    async confirmPasswordReset(input: z.output<typeof PasswordResetConfirmSchema>): Promise<void> {
      const reset = await deps.resets.findByTokenHash(sha256Hex(input.token));
      const now = nowIso();
      if (!reset || reset.used_at || reset.expires_at <= now) throw new AppError('invalid_token');
      if (!(await deps.resets.markUsed(reset.id, now))) throw new AppError('invalid_token');
      const user = await users.findById(reset.user_id);
      if (!user || user.disabled_at) throw new AppError('account_disabled');
      await users.update(reset.user_id, {
        password_hash: await hasher.hash(input.password),
        updated_at: now,
      });
      // Any other reset link sent earlier dies with this one.
      await deps.resets.voidAllOf(reset.user_id, now);
      await sessions.revokeAllSessions(reset.user_id, now, 'password_reset');
    },

    /**
     * On a daemon with no admin, mints the one-time setup token (stored hashed) and returns it for the
     * start-up log. Returns undefined once an admin exists.
     */
    async ensureSetupToken(): Promise<string | undefined> {
      if ((await users.countActiveAdmins()) > 0) {
        await deps.settings.delete(SETUP_TOKEN_KEY);
        return undefined;
      }
      const token = newSecret('setup_', 24);
      await deps.settings.set(SETUP_TOKEN_KEY, sha256Hex(token), nowIso());
      return token;
    },

    /** Creates an admin directly (the offline `tillpointd admin create`), without a session. */
    async createAdmin(input: { email: string; password: string; name?: string | undefined }) {
      const user = await createVerifiedUser(input, 'admin');
      await deps.settings.delete(SETUP_TOKEN_KEY);
      return toUser(user);
    },

    /** Redeems the setup token: creates the first admin and signs them in. The token works once. */
    async setup(input: z.output<typeof SetupRequestSchema>, context: RequestContext) {
      // Checked before the token is spent, so a typo in the email does not waste it.
      if (await users.findByEmail(input.email)) throw new AppError('email_taken');
      if (!(await deps.settings.takeIfEquals(SETUP_TOKEN_KEY, sha256Hex(input.setupToken)))) {
        throw new AppError('invalid_token', { detail: 'The setup token is wrong or was already used.' });
      }
      const user = await createVerifiedUser(input, 'admin');
      return startSession(user, context);
    },

    /**
     * Turns a verified access token into a principal, checking the session and user on every request
     * so that logout, disabling and role changes take effect at once.
     */
    async principalForAccessToken(token: string): Promise<Principal | null> {
      const claims = await deps.tokens.verify(token);
      if (!claims) return null;
      const state = await sessions.findActiveSessionState(claims.sessionId);
      if (!state || state.user_id !== claims.userId || state.revoked_at || state.deleted_at) return null;
      if (state.expires_at <= nowIso() || state.disabled_at) return null;
      return { kind: 'user', role: state.role, userId: state.user_id, sessionId: state.id };
    },
  };

  async function refuseReuse(sessionId: string, rotatedAt: string): Promise<never> {
    const sinceRotation = (clock.now().getTime() - Date.parse(rotatedAt)) / 1000;
    if (sinceRotation > REFRESH_REUSE_GRACE_SECONDS) {
      await sessions.revokeSession(sessionId, nowIso(), 'refresh_token_reuse');
      deps.logger.warn({ sessionId }, 'refresh token reused: session revoked');
    }
    throw new AppError('refresh_token_reused');
  }
}

export type AuthService = ReturnType<typeof createAuthService>;
