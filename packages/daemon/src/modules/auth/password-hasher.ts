import { hash, verify } from '@node-rs/bcrypt';

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
export async function createPasswordHasher(cost: number): Promise<PasswordHasher> {
  // Computed in the background: start-up does not wait for a full bcrypt round.
  const decoyHash = hash('tillpoint-timing-decoy', { cost });
  decoyHash.catch(() => {});
  return {
    hash: (password) => hash(password, { cost, rejectLongPasswords: true }),
    verify: (password, stored) => verify(password, stored),
    async verifyNothing(password) {
      await verify(password, await decoyHash);
    },
  };
}
