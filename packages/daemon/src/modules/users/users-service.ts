import type {
  ChangePasswordRequestSchema,
  ListUsersQuerySchema,
  UpdateMeRequestSchema,
  UpdateUserRequestSchema,
  User,
} from '@tillpoint/sdk/schemas';
import { normalizeEmail } from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import type { Clock } from '../../infra/clock.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import { toUser, type UserRow, type UsersRepository } from './users-repository.js';

/** What users need of the modules that own sessions and API keys, wired by `services.ts`. */
export interface UsersServiceDeps {
  users: UsersRepository;
  sessions: {
    /** Ends every session of the user (but `exceptSessionId`), with a reason. */
    revokeAllSessions(userId: string, at: string, reason: string, exceptSessionId?: string): Promise<unknown>;
    /** Drops what authentication remembers of the user's sessions, after a change of the user. */
    forgetUser(userId: string): Promise<void>;
  };
  apiKeys: {
    /** Revokes every API key the user owns. */
    revokeAllOwnedBy(userId: string, at: string): Promise<void>;
  };
  addressBook: {
    /** Removes every saved address of the user. */
    erase(userId: string): Promise<void>;
  };
  hasher: PasswordHasher;
  clock: Clock;
}

export function createUsersService(deps: UsersServiceDeps) {
  const { users, clock } = deps;
  const nowIso = () => clock.now().toISOString();

  async function mustFind(id: string): Promise<UserRow> {
    const user = await users.findById(id);
    if (!user) throw new AppError('not_found', { detail: `No user ${id}.` });
    return user;
  }

  /** Refuses a change that would leave no active admin. */
  async function guardLastAdmin(user: UserRow, stillActiveAdmin: boolean) {
    if (
      user.role === 'admin' &&
      !user.disabled_at &&
      !stillActiveAdmin &&
      (await users.countActiveAdmins()) <= 1
    ) {
      throw new AppError('last_admin');
    }
  }

  return {
    async get(id: string): Promise<User> {
      return toUser(await mustFind(id));
    },

    async list(query: z.output<typeof ListUsersQuerySchema>) {
      const { rows, hasMore } = await users.list({
        role: query.role,
        disabled: query.disabled,
        email: query.email ? normalizeEmail(query.email) : undefined,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toUser), has_more: hasMore };
    },

    async updateMe(id: string, input: z.output<typeof UpdateMeRequestSchema>): Promise<User> {
      await mustFind(id);
      const changes = input.name === undefined ? {} : { name: input.name };
      const updated = await users.update(id, { ...changes, updated_at: nowIso() });
      return toUser(updated!);
    },

    /** Changes the password after checking the current one, and signs out every other session. */
    async changePassword(
      id: string,
      sessionId: string | undefined,
      input: z.output<typeof ChangePasswordRequestSchema>,
    ) {
      const user = await mustFind(id);
      if (!user.password_hash || !(await deps.hasher.verify(input.currentPassword, user.password_hash))) {
        throw new AppError('invalid_credentials', { detail: 'The current password is wrong.' });
      }
      const now = nowIso();
      await users.update(id, { password_hash: await deps.hasher.hash(input.newPassword), updated_at: now });
      await deps.sessions.revokeAllSessions(id, now, 'password_changed', sessionId);
    },

    /** Admin update of name, role and disabled. Disabling ends the user's sessions at once. */
    async update(id: string, input: z.output<typeof UpdateUserRequestSchema>): Promise<User> {
      const user = await mustFind(id);
      const role = input.role ?? user.role;
      const disabled = input.disabled ?? user.disabled_at !== null;
      await guardLastAdmin(user, role === 'admin' && !disabled);
      const now = nowIso();
      const updated = await users.update(id, {
        ...(input.name === undefined ? {} : { name: input.name }),
        role,
        disabled_at: disabled ? (user.disabled_at ?? now) : null,
        updated_at: now,
      });
      if (disabled && !user.disabled_at) await deps.sessions.revokeAllSessions(id, now, 'user_disabled');
      // A new role (or re-enabling) applies from the next request: authentication must not use what it cached.
      else await deps.sessions.forgetUser(id);
      return toUser(updated!);
    },

    /**
     * Deletes an account by anonymizing it: the row stays so that orders keep a valid owner reference,
     * but the email, name and password are wiped, sessions end, API keys are revoked and saved addresses removed.
     */
    async delete(id: string): Promise<void> {
      const user = await mustFind(id);
      await guardLastAdmin(user, false);
      const now = nowIso();
      await users.update(id, {
        email: `deleted+${id}@invalid`,
        name: null,
        password_hash: null,
        disabled_at: now,
        deleted_at: now,
        updated_at: now,
      });
      await deps.sessions.revokeAllSessions(id, now, 'user_deleted');
      await deps.apiKeys.revokeAllOwnedBy(id, now);
      await deps.addressBook.erase(id);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
