import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../infra/logger.js';
import { createBreeTimers } from './bree-scheduler.js';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
const EVERY_SECOND = { cron: '* * * * * *', timezone: 'Asia/Kolkata' };

/** Real timers, real clock: what fired, for which schedule, when. */
function recordingTimers() {
  const fired: { id: string; at: Date }[] = [];
  const timers = createBreeTimers({
    logger,
    now: () => new Date(),
    onFire: async (id, at) => {
      fired.push({ id, at });
    },
  });
  return { timers, fired, of: (id: string) => fired.filter((fire) => fire.id === id) };
}

describe('the Bree timers', () => {
  it('fire a cron schedule on each of its occurrences, not only the first', async () => {
    const { timers, of } = recordingTimers();
    timers.start();
    await timers.set({ id: 'each-second', timing: EVERY_SECOND });
    try {
      await expect
        .poll(() => of('each-second').length, { timeout: 6_000, interval: 50 })
        .toBeGreaterThanOrEqual(3);
    } finally {
      await timers.stop();
    }
    // One firing per occurrence, none twice. A timer may fire a millisecond before its whole second (the
    // scheduler then waits for it, `earlyByMs`), so a firing stands for the nearest second here.
    const ticks = of('each-second').map((fire) => Math.round(fire.at.getTime() / 1000));
    expect(new Set(ticks).size).toBe(ticks.length);
  }, 10_000);

  it('stop firing a schedule once it is removed, and fire its new timing once it is set again', async () => {
    const { timers, of } = recordingTimers();
    timers.start();
    try {
      await timers.set({ id: 'changing', timing: EVERY_SECOND });
      await expect
        .poll(() => of('changing').length, { timeout: 4_000, interval: 50 })
        .toBeGreaterThanOrEqual(1);
      await timers.remove('changing');
      const afterRemove = of('changing').length;
      await sleep(1_500);
      expect(of('changing').length).toBe(afterRemove);
      expect(timers.ids()).not.toContain('changing');

      await timers.set({ id: 'changing', timing: { intervalSeconds: 1 } });
      await expect
        .poll(() => of('changing').length, { timeout: 4_000, interval: 50 })
        .toBeGreaterThanOrEqual(afterRemove + 1);
    } finally {
      await timers.stop();
    }
  }, 10_000);
});
