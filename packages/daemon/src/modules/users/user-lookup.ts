import type { Executor } from '../../db/database-types.js';
import { createUsersRepository } from './users-repository.js';

/** Whether a user with this ID exists (deleted accounts are anonymized, not removed, so they still do). */
export async function userExists(db: Executor, id: string): Promise<boolean> {
  return (await createUsersRepository(db).findById(id)) !== undefined;
}

/** The account's email address, or null when there is no such user (carts complete with it). */
export async function userEmailOf(db: Executor, id: string): Promise<string | null> {
  return (await createUsersRepository(db).findById(id))?.email ?? null;
}
