import { AsyncResource } from 'node:async_hooks';

/**
 * Collects the calls made during one event-loop turn and runs them as one batch at the end of it, so work that
 * finishes together is written together (one transaction instead of one each). `runBatch` answers one result per
 * item, in order.
 *
 * When a batch of several items fails, each item is run again alone: one bad item (a row that vanished, say) must
 * not fail the others that merely shared its turn. A lone item's failure is its own and is raised to its caller.
 *
 * Batches run in the async context where the batcher was made, not in that of whichever caller came first: a
 * batch is nobody's request (its transaction must not carry one caller's audit scope, ADR-040).
 */
export function batchPerTurn<Item, Result>(
  runBatch: (items: Item[]) => Promise<Result[]>,
): (item: Item) => Promise<Result> {
  let waiting: Array<{ item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }> =
    [];

  const flush = AsyncResource.bind(async () => {
    const batch = waiting;
    waiting = [];
    try {
      const results = await runBatch(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => {
        entry.resolve(results[i] as Result);
      });
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const entry of batch) {
        runBatch([entry.item]).then(([result]) => entry.resolve(result as Result), entry.reject);
      }
    }
  });

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(() => void flush());
      waiting.push({ item, resolve, reject });
    });
}
