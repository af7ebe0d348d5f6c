import { AppError } from '../../core/app-error.js';
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

/**
 * The `requireVerifiedEmail` rule: when it is on, a customer orders only once their address is verified
 * (403 `email_not_verified`). Guests check out with an address of their own and admins are verified when created,
 * so neither is asked.
 */
export async function assertMayOrder(
  db: Executor,
  required: boolean,
  customer: { userId: string | null; role: string },
): Promise<void> {
  if (!required || customer.userId === null || customer.role === 'admin') return;
  const user = await createUsersRepository(db).findById(customer.userId);
  if (user && !user.email_verified_at) throw new AppError('email_not_verified');
}
