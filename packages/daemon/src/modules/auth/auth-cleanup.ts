import type { Executor } from '../../db/database-types.js';
import { createPasswordResetsRepository } from './password-resets-repository.js';
import { createSessionsRepository } from './sessions-repository.js';

/** Removes sessions (with their refresh tokens) and password-reset tokens that expired before `at`. */
export async function deleteExpiredCredentials(db: Executor, at: string) {
  const sessions = await createSessionsRepository(db).deleteExpired(at);
  const passwordResets = await createPasswordResetsRepository(db).deleteExpired(at);
  return { sessions, passwordResets };
}
