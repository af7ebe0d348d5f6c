import type { Executor } from '../../db/database-types.js';
import { addressesRepository } from './addresses-repository.js';

/**
 * Removes every saved address of a user, for the users module when it anonymizes a deleted account (wired by
 * `services.ts`): an address is personal data, and nobody can read it once the account is gone.
 */
export async function eraseAddressBook(db: Executor, userId: string): Promise<void> {
  await addressesRepository(db).removeAllOf(userId);
}
