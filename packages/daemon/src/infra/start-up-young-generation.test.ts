import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { holdYoungGenerationDuringStartUp } from './start-up-young-generation.js';

const MB = 1024 * 1024;

/** The young generation's capacity (one semi-space); what V8 has resident for it is up to twice that. */
function youngGenerationBytes(): number {
  const space = getHeapSpaceStatistics().find((candidate) => candidate.space_name === 'new_space');
  return space ? space.space_used_size + space.space_available_size : 0;
}

/** Allocates as start-up does: many objects that live a little while (they survive a few scavenges). */
function allocateLikeStartUp(): number {
  let kept: object[] = [];
  let peak = youngGenerationBytes();
  for (let round = 0; round < 40; round++) {
    const batch: object[] = [];
    for (let i = 0; i < 20_000; i++) batch.push({ round, i, text: `item ${i}` });
    kept.push(batch);
    if (kept.length > 8) kept = kept.slice(-8);
    peak = Math.max(peak, youngGenerationBytes());
  }
  return peak;
}

describe('holdYoungGenerationDuringStartUp', () => {
  it('keeps the young generation from growing while held, and lets it grow once released', () => {
    // This test's process has loaded vitest already: its young generation may have grown from V8's initial 1 MB
    // semi-spaces, but not to the 16 MB maximum, so growth can still be seen.
    const before = youngGenerationBytes();
    expect(before).toBeLessThan(16 * MB);
    const release = holdYoungGenerationDuringStartUp();
    let held: number;
    try {
      held = allocateLikeStartUp();
    } finally {
      release();
    }
    const grown = allocateLikeStartUp();
    expect(held).toBeLessThanOrEqual(before);
    expect(grown).toBeGreaterThan(before);
  });
});
