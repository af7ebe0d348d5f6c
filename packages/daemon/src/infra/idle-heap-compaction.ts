import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long without a request before the daemon counts as idle (V8 judges its allocation rate over about 5 s). */
export const IDLE_COMPACTION_AFTER_MS = 5_500;
/** Full collections per idle period at most: the second runs when the first did not let V8 shrink the heap. */
const ATTEMPTS_PER_IDLE_PERIOD = 2;
/** A young generation at or below this size counts as shrunk (V8 starts it at 2 MB: two 1 MB semi-spaces). */
const SHRUNK_YOUNG_GENERATION_BYTES = 4 * 1024 * 1024;

/** Runs a full garbage collection. */
export type Collector = () => void;

let exposed: Collector | undefined;

/**
 * V8's full collector, exposed at run time (once per process). `--expose-gc` installs `gc` only in contexts created
 * after the flag is set, so a fresh `vm` context hands it over; `node` needs no flag on its command line (an npm bin
 * cannot pass one).
 */
function exposedGc(): Collector {
  if (!exposed) {
    setFlagsFromString('--expose-gc');
    exposed = runInNewContext('gc') as Collector;
  }
  return exposed;
}

/** What V8 holds resident: its young generation (the two semi-spaces) and the whole heap. */
export interface HeapSizes {
  youngBytes: number;
  totalBytes: number;
}

function heapSizes(): HeapSizes {
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return { youngBytes: young?.physical_space_size ?? 0, totalBytes: getHeapStatistics().total_physical_size };
}

/** Growth of the heap since the last idle collection below which an idle period has nothing to give back. */
const REGROWTH_WORTH_COLLECTING = 1.1;

/**
 * Gives memory back once the daemon is idle (ADR-058).
 *
 * Why: start-up and every burst of traffic grow V8's young generation to its maximum (two 16 MB semi-spaces) and
 * leave old-space pages committed. V8 shrinks them only in a full collection that finds the allocation rate low,
 * and an idle Node process runs none until V8's memory reducer acts, a minute or more later. An idle daemon kept
 * about 30 MB of empty young generation, and stayed 30 % above its warm baseline after a burst.
 *
 * So, once no request has started for `idleMs`, a full collection runs. V8 measures the allocation rate between
 * collections, so when the last one before the idle period came less than about 5 s before it (start-up ends with
 * one), the rate still counts that busy time and the young generation is kept: a second collection, `idleMs` later,
 * then sees idle time only. After that, nothing until a request has come and gone idle again, and then only if the
 * heap has grown since (a health check every few seconds costs nothing). "Idle" means no request has started: an
 * open event stream, a long poll or a running job may see a collection (tens of ms for this heap), at most two per
 * idle period.
 */
export function startIdleHeapCompaction(options: {
  /** Receives `markActive`, to be called on every request. */
  onActivity: (markActive: () => void) => void;
  idleMs?: number;
  collect?: Collector;
  heapSizes?: () => HeapSizes;
  onCollected?: (report: { durationMs: number; youngGenerationBytes: number }) => void;
  now?: () => number;
}) {
  const idleMs = options.idleMs ?? IDLE_COMPACTION_AFTER_MS;
  const now = options.now ?? (() => performance.now());
  const collect = options.collect ?? exposedGc();
  const sizes = options.heapSizes ?? heapSizes;
  let quietSince = now();
  let attempts = 0;
  /**
   * The heap as the last idle period left it (at first, as it is now, with no young generation counted): an idle
   * period collects only when the heap has grown since, so a young generation V8 cannot shrink (an operator's
   * `--min-semi-space-size`) costs two collections once, not after every request.
   */
  let settled: HeapSizes = { youngBytes: 0, totalBytes: sizes().totalBytes };
  options.onActivity(() => {
    quietSince = now();
    attempts = 0;
  });
  const check = () => {
    if (attempts >= ATTEMPTS_PER_IDLE_PERIOD || now() - quietSince < idleMs) return;
    const before = sizes();
    if (
      attempts === 0 &&
      before.youngBytes <= Math.max(SHRUNK_YOUNG_GENERATION_BYTES, settled.youngBytes) &&
      before.totalBytes <= settled.totalBytes * REGROWTH_WORTH_COLLECTING
    ) {
      attempts = ATTEMPTS_PER_IDLE_PERIOD;
      return;
    }
    const began = now();
    collect();
    quietSince = now();
    const after = sizes();
    const shrunk = after.youngBytes <= SHRUNK_YOUNG_GENERATION_BYTES;
    attempts = shrunk ? ATTEMPTS_PER_IDLE_PERIOD : attempts + 1;
    if (attempts >= ATTEMPTS_PER_IDLE_PERIOD) settled = after;
    options.onCollected?.({ durationMs: quietSince - began, youngGenerationBytes: after.youngBytes });
  };
  const timer = setInterval(check, Math.max(10, idleMs / 5));
  timer.unref();
  return {
    /** Runs the idle check now (the timer runs it every fifth of `idleMs`). */
    check,
    stop() {
      clearInterval(timer);
    },
  };
}
