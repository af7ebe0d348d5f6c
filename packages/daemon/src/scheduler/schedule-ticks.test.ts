import { describe, expect, it } from 'vitest';
import { earlyByMs, latestTickAtOrBefore, nextTickAfter, tickFor, tickUniqueKey } from './schedule-ticks.js';

const at = (iso: string) => new Date(iso);

describe('schedule ticks', () => {
  it('maps a late cron timer to the occurrence it stands for, and makes an early one wait for it', () => {
    const timing = { cron: '*/5 * * * *', timezone: 'UTC' };
    expect(tickFor(timing, at('2026-11-24T10:05:00.004Z')).toISOString()).toBe('2026-11-24T10:05:00.000Z');
    expect(tickFor(timing, at('2026-11-24T10:06:30.000Z')).toISOString()).toBe('2026-11-24T10:05:00.000Z');
    // Late by more than half the interval: still the tick that is due, not the next one.
    expect(tickFor(timing, at('2026-11-24T10:08:59.000Z')).toISOString()).toBe('2026-11-24T10:05:00.000Z');
    expect(earlyByMs(timing, at('2026-11-24T10:04:59.400Z'))).toBe(600);
    expect(tickFor(timing, at('2026-11-24T10:05:00.000Z')).toISOString()).toBe('2026-11-24T10:05:00.000Z');
    expect(earlyByMs(timing, at('2026-11-24T10:05:00.004Z'))).toBe(0);
  });

  it('maps an interval timer firing late by more than half an interval to the tick that is due, never the next', () => {
    const timing = { intervalSeconds: 60 };
    for (const firedAt of [
      '2026-11-24T10:01:00.000Z',
      '2026-11-24T10:01:30.001Z',
      '2026-11-24T10:01:58.999Z',
    ]) {
      expect(tickFor(timing, at(firedAt)).toISOString()).toBe('2026-11-24T10:01:00.000Z');
      expect(earlyByMs(timing, at(firedAt))).toBe(0);
    }
    // Within a second of the next tick: the firing waits for it instead of standing for the previous tick.
    expect(earlyByMs(timing, at('2026-11-24T10:01:59.700Z'))).toBe(300);
  });

  it('reads cron fields in the schedule time zone', () => {
    const timing = { cron: '0 9 * * *', timezone: 'Europe/Paris' };
    // 09:00 in Paris is 08:00 UTC in winter.
    expect(nextTickAfter(timing, at('2026-11-24T00:00:00Z')).toISOString()).toBe('2026-11-24T08:00:00.000Z');
  });

  it('aligns interval ticks to the epoch, so nodes started at different times agree', () => {
    const timing = { intervalSeconds: 60 };
    expect(tickFor(timing, at('2026-11-24T10:01:00.300Z')).toISOString()).toBe('2026-11-24T10:01:00.000Z');
    expect(latestTickAtOrBefore(timing, at('2026-11-24T10:01:59Z')).toISOString()).toBe(
      '2026-11-24T10:01:00.000Z',
    );
    expect(nextTickAfter(timing, at('2026-11-24T10:01:00Z')).toISOString()).toBe('2026-11-24T10:02:00.000Z');
  });

  it('includes a tick that falls exactly on now as the latest one', () => {
    expect(
      latestTickAtOrBefore({ cron: '0 * * * *', timezone: 'UTC' }, at('2026-11-24T10:00:00Z')).toISOString(),
    ).toBe('2026-11-24T10:00:00.000Z');
  });

  it('keys a tick by schedule name and tick time', () => {
    expect(tickUniqueKey('cleanup', at('2026-11-24T10:00:00Z'))).toBe(
      'schedule:cleanup:2026-11-24T10:00:00.000Z',
    );
  });
});
