import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdleHeapCompaction } from './idle-heap-compaction.js';

const MB = 1024 * 1024;

/**
 * A compaction driven by hand: a fake clock, a counting collector, and a heap whose sizes the test sets. After
 * each collection the young generation is `youngAfter.shift()` (1 MB, shrunk, when the list is empty).
 */
function harness(youngAfter: number[]) {
  let clock = 0;
  let markActive = () => {};
  const collections: number[] = [];
  const heap = { youngBytes: 32 * MB, totalBytes: 80 * MB };
  const compaction = startIdleHeapCompaction({
    onActivity: (mark) => {
      markActive = mark;
    },
    idleMs: 1_000,
    now: () => clock,
    collect: () => {
      collections.push(clock);
      heap.youngBytes = youngAfter.shift() ?? MB;
      heap.totalBytes = heap.youngBytes + 48 * MB;
    },
    heapSizes: () => ({ ...heap }),
  });
  running.push(compaction);
  return {
    collections,
    heap,
    at(ms: number) {
      clock = ms;
      compaction.check();
    },
    request(ms: number) {
      clock = ms;
      markActive();
    },
  };
}

const running: { stop(): void }[] = [];
afterEach(() => {
  for (const compaction of running.splice(0)) compaction.stop();
});

describe('idle heap compaction', () => {
  it('collects once the daemon has been idle for idleMs, and once only when V8 shrank the heap', () => {
    const h = harness([]);
    h.at(999);
    expect(h.collections).toEqual([]);
    h.at(1_000);
    expect(h.collections).toEqual([1_000]);
    h.at(5_000);
    h.at(60_000);
    expect(h.collections).toEqual([1_000]);
  });

  it('tries a second time, idleMs after the first, when the young generation was kept; then stops', () => {
    const h = harness([32 * MB, 32 * MB]);
    h.at(1_000);
    h.at(1_500);
    expect(h.collections).toEqual([1_000]);
    h.at(2_000);
    h.at(3_000);
    h.at(60_000);
    expect(h.collections).toEqual([1_000, 2_000]);
  });

  it('waits for a request to go idle again: every request restarts the idle time', () => {
    const h = harness([]);
    h.at(1_000);
    h.request(1_200);
    h.heap.youngBytes = 16 * MB;
    h.at(2_000);
    expect(h.collections).toEqual([1_000]);
    h.request(2_100);
    h.at(3_099);
    expect(h.collections).toEqual([1_000]);
    h.at(3_100);
    expect(h.collections).toEqual([1_000, 3_100]);
  });

  it('skips an idle period with nothing to give back, and collects once the heap has grown by a tenth', () => {
    const h = harness([]);
    h.at(1_000);
    expect(h.collections).toEqual([1_000]);
    // A health check now and then: the heap is as the last collection left it.
    h.request(5_000);
    h.at(6_000);
    expect(h.collections).toEqual([1_000]);
    h.request(7_000);
    h.heap.totalBytes = 49 * MB * 1.05;
    h.at(8_000);
    expect(h.collections).toEqual([1_000]);
    h.request(9_000);
    h.heap.totalBytes = 49 * MB * 1.2;
    h.at(10_000);
    expect(h.collections).toEqual([1_000, 10_000]);
  });

  it('runs a real full collection without --expose-gc on the command line', async () => {
    expect(process.execArgv).not.toContain('--expose-gc');
    const reports: number[] = [];
    const compaction = startIdleHeapCompaction({
      onActivity: () => {},
      idleMs: 0,
      onCollected: ({ youngGenerationBytes }) => reports.push(youngGenerationBytes),
    });
    running.push(compaction);
    const ref = (() => new WeakRef({ garbage: 'x'.repeat(1_000) }))();
    // A WeakRef's target lives at least until the end of the turn that made it.
    await nextTurn();
    compaction.check();
    expect(ref.deref()).toBeUndefined();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toBeGreaterThan(0);
  });
});
