import type { Executor } from '../../db/database-types.js';
import { createUsersRepository, toUser, type UserRow } from './users-repository.js';

export { toUser, type UserRow };

/**
 * The accounts the auth module signs people in with: find by email or ID, create, update, and count the active
 * admins (first-run setup). Inside a transaction, pass it as `db`.
 */
export function userAccounts(db: Executor) {
  const users = createUsersRepository(db);
  return {
    findByEmail: (email: string) => users.findByEmail(email),
    findById: (id: string) => users.findById(id),
    insert: (row: UserRow) => users.insert(row),
    update: (id: string, changes: Parameters<typeof users.update>[1]) => users.update(id, changes),
    countActiveAdmins: () => users.countActiveAdmins(),
  };
}

export type UserAccounts = ReturnType<typeof userAccounts>;
