import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProblemSchema } from '../schemas/problem.js';
import { readProblem } from './problem-reader.js';

// The client core reads problems without zod (for the browser bundle); these pin its reading to ProblemSchema's.

/** A member that is often right, sometimes the wrong type, sometimes missing. */
const member = <T>(right: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 6, arbitrary: right },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 1.5, true, [], {}, 'x', -0) },
  );

const fieldError = fc.record(
  {
    path: member(fc.string()),
    message: member(fc.string()),
    code: member(fc.string()),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['path', 'message'] },
);

const problemLike = fc.record(
  {
    type: member(fc.constantFrom('about:blank', 'https://tillpoint.dev/problems/x')),
    title: member(fc.string()),
    status: member(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 100, max: 599 }) },
        fc.double(),
        fc.constant(2 ** 60),
      ),
    ),
    code: member(fc.constantFrom('not_found', 'cart_changed', 'validation_failed')),
    detail: member(fc.string()),
    instance: member(fc.string()),
    requestId: member(fc.string()),
    errors: member(fc.array(fieldError, { maxLength: 3 })),
    cart: fc.jsonValue(),
  },
  { requiredKeys: ['type', 'title', 'status', 'code'] },
);

describe('readProblem', () => {
  it('accepts and reads exactly what ProblemSchema accepts and parses', () => {
    let problems = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: problemLike }, fc.jsonValue()), (body) => {
        const parsed = ProblemSchema.safeParse(body);
        if (parsed.success) problems++;
        expect(readProblem(body)).toEqual(parsed.success ? parsed.data : undefined);
      }),
      { numRuns: 2_000 },
    );
    // Both sides of the line are exercised, not just rejections.
    expect(problems).toBeGreaterThan(200);
  });

  it('keeps extension members such as cart_changed’s cart', () => {
    const body = {
      type: 'about:blank',
      title: 'Cart changed',
      status: 409,
      code: 'cart_changed',
      cart: { id: 'crt_1' },
    };
    expect(readProblem(body)).toEqual(body);
  });
});
