import type { Executor } from '../../db/database-types.js';
import { createOneTimeTokensRepository } from './one-time-tokens-repository.js';
import { createSessionsRepository } from './sessions-repository.js';

/** Removes sessions (with their refresh tokens), password-reset and email-verification tokens that expired before `at`. */
export async function deleteExpiredCredentials(db: Executor, at: string) {
  const sessions = await createSessionsRepository(db).deleteExpired(at);
  const passwordResets = await createOneTimeTokensRepository(db, 'password_resets').deleteExpired(at);
  const emailVerifications = await createOneTimeTokensRepository(db, 'email_verifications').deleteExpired(at);
  return { sessions, passwordResets, emailVerifications };
}
