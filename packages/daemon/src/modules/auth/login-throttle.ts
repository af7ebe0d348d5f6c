import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../core/app-error.js';
import type { Clock } from '../../infra/clock.js';
import type { CounterStore } from '../../infra/counters/counter-store.js';

/** Failures per account in a window before logins slow down, and before they are refused. */
export const ACCOUNT_SLOWDOWN_AFTER = 5;
export const ACCOUNT_BLOCK_AFTER = 10;
/** Failures per IP in a window before every login from it is refused. */
export const IP_BLOCK_AFTER = 50;
/** The window: a blocked account or IP can try again when it ends (15 minutes), so nobody is locked out for good. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Extra delay per failure past the slowdown threshold, capped. */
const DELAY_STEP_MS = 250;
const MAX_DELAY_MS = 2_000;

/**
 * Brute-force throttling for login, per account and per IP: after a few failures each attempt is
 * delayed, then refused with 429 until the window ends. A successful login clears the account's count.
 */
export function createLoginThrottle(counters: CounterStore, clock: Clock) {
  const accountKey = (email: string) => `login:account:${email}`;
  const ipKey = (ip: string) => `login:ip:${ip}`;

  return {
    /** Refuses (429) or delays an attempt according to past failures. Call before checking the password. */
    async beforeAttempt(email: string, ip: string): Promise<void> {
      const [account, address] = await Promise.all([
        counters.peek(accountKey(email)),
        counters.peek(ipKey(ip)),
      ]);
      const blocked = [
        account && account.count >= ACCOUNT_BLOCK_AFTER ? account : undefined,
        address && address.count >= IP_BLOCK_AFTER ? address : undefined,
      ].find(Boolean);
      if (blocked) {
        const seconds = Math.max(1, Math.ceil((blocked.resetAt - clock.now().getTime()) / 1000));
        throw new AppError('login_throttled', { headers: { 'retry-after': String(seconds) } });
      }
      const excess = (account?.count ?? 0) - ACCOUNT_SLOWDOWN_AFTER + 1;
      if (excess > 0) await sleep(Math.min(MAX_DELAY_MS, excess * DELAY_STEP_MS));
    },

    async recordFailure(email: string, ip: string): Promise<void> {
      await Promise.all([
        counters.hit(accountKey(email), THROTTLE_WINDOW_MS),
        counters.hit(ipKey(ip), THROTTLE_WINDOW_MS),
      ]);
    },

    async recordSuccess(email: string): Promise<void> {
      await counters.reset(accountKey(email));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
