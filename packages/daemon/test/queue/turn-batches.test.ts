import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchPerTurn } from '../../src/queue/turn-batches.js';

describe('batchPerTurn', () => {
  it('runs the calls of one turn as one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const double = batchPerTurn(async (items: number[]) => {
      batches.push(items);
      return items.map((item) => item * 2);
    });
    const first = await Promise.all([double(1), double(2), double(3)]);
    await nextTurn();
    const second = await double(4);
    expect(first).toEqual([2, 4, 6]);
    expect(second).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('runs each item of a failed batch alone: only the bad item fails', async () => {
    const batches: string[][] = [];
    const check = batchPerTurn(async (items: string[]) => {
      batches.push(items);
      if (items.includes('bad')) throw new Error('bad item');
      return items.map((item) => item.toUpperCase());
    });
    const results = await Promise.allSettled([check('a'), check('bad'), check('c')]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('bad item') },
      { status: 'fulfilled', value: 'C' },
    ]);
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it("runs batches in the batcher's async context, not in the first caller's", async () => {
    const context = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    const batched = context.run('pool', () =>
      batchPerTurn(async (items: number[]) => {
        seen.push(context.getStore());
        return items;
      }),
    );
    await context.run('request', () => batched(1));
    expect(seen).toEqual(['pool']);
  });
});
