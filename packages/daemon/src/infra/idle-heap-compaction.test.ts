import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdleHeapCompaction } from './idle-heap-compaction.js';

const MB = 1024 * 1024;

/**
 * A compaction driven by hand: a fake clock, a counting collector, and a heap whose sizes the test sets. After
 * each collection the young generation is `youngAfter.shift()` (1 MB, shrunk, when the list is empty).
 */
function harness(youngAfter: number[], heap = { youngBytes: 32 * MB, totalBytes: 80 * MB }) {
  let clock = 0;
  let markActive = () => {};
  const collections: number[] = [];
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

  it('pays for a young generation V8 will not shrink once, not after every request', () => {
    const h = harness([32 * MB, 32 * MB, 32 * MB]);
    h.at(1_000);
    h.at(2_000);
    expect(h.collections).toEqual([1_000, 2_000]);
    for (const at of [10_000, 20_000, 30_000]) {
      h.request(at);
      h.at(at + 1_000);
      h.at(at + 2_000);
    }
    expect(h.collections).toEqual([1_000, 2_000]);
  });

  it('collects once the heap has grown, even when the first idle period had nothing to give back', () => {
    const h = harness([], { youngBytes: MB, totalBytes: 50 * MB });
    h.at(1_000);
    expect(h.collections).toEqual([]);
    h.request(2_000);
    h.heap.totalBytes = 80 * MB;
    h.at(3_000);
    expect(h.collections).toEqual([3_000]);
  });

  it('runs a real full collection without --expose-gc on the command line', async () => {
    expect(process.execArgv).not.toContain('--expose-gc');
    const kinds: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
    });
    observer.observe({ entryTypes: ['gc'] });
    let clock = 0;
    const reports: number[] = [];
    const compaction = startIdleHeapCompaction({
      onActivity: () => {},
      // The timer (every 12 s) never fires during the test: only the explicit check below collects.
      idleMs: 60_000,
      now: () => clock,
      // A heap with something to give back, whatever this test process's heap looks like.
      heapSizes: () => ({ youngBytes: 32 * MB, totalBytes: 80 * MB }),
      onCollected: ({ youngGenerationBytes }) => reports.push(youngGenerationBytes),
    });
    running.push(compaction);
    clock = 60_000;
    compaction.check();
    // Performance entries are delivered after the turn that produced them; on a loaded machine, later still.
    for (let waited = 0; !kinds.includes(constants.NODE_PERFORMANCE_GC_MAJOR) && waited < 5_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    expect(reports).toEqual([32 * MB]);
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  });
});
