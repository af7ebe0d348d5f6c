import { hash, verify } from '@node-rs/bcrypt';
import pLimit from 'p-limit';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * Spends the same time as a real verification against nothing, so a login for an unknown email
   * takes as long as one with a wrong password.
   */
  verifyNothing(password: string): Promise<void>;
}

/**
 * bcrypt on libuv's thread pool (never the event loop), cost from config (default 12, floor 10).
 * Passwords over 72 bytes are refused by the schema before they get here, and by bcrypt as a backstop.
 */
/**
 * bcrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which
 * also verifies every access token (WebCrypto) and serves file I/O. A burst of logins must not take
 * all of it, or every signed-in request waits behind the logins: at most half the pool hashes at once.
 */
const BCRYPT_CONCURRENCY = Math.max(1, Math.floor(Number(process.env.UV_THREADPOOL_SIZE ?? 4) / 2));

export async function createPasswordHasher(cost: number): Promise<PasswordHasher> {
  const limit = pLimit(BCRYPT_CONCURRENCY);
  // Computed in the background: start-up does not wait for a full bcrypt round.
  const decoyHash = hash('tillpoint-timing-decoy', { cost });
  decoyHash.catch(() => {});
  return {
    hash: (password) => limit(() => hash(password, { cost, rejectLongPasswords: true })),
    verify: (password, stored) => limit(() => verify(password, stored)),
    async verifyNothing(password) {
      const decoy = await decoyHash;
      await limit(() => verify(password, decoy));
    },
  };
}
