import { describe, expect, it } from 'vitest';
import { closest } from './hooks/command-not-found.js';
import { parseId } from './id-args.js';

describe('parseId', () => {
  it('accepts an ID and upper-cases its ULID part', () => {
    expect(parseId('order', 'ord_01JABCDEFGHJKMNPQRSTVWXYZ0')).toBe('ord_01JABCDEFGHJKMNPQRSTVWXYZ0');
    expect(parseId('order', 'ord_01jabcdefghjkmnpqrstvwxyz0')).toBe('ord_01JABCDEFGHJKMNPQRSTVWXYZ0');
  });

  it('rejects a malformed ID with exit 2 and a message saying what an ID looks like', () => {
    expect(() => parseId('order', 'ord_nonexistent')).toThrow(
      'ord_nonexistent is not an order ID: IDs look like ord_01JABCDEFGHJKMNPQRSTVWXYZ0 (ord_ and 26 letters and digits).',
    );
    expect(() => parseId('apiKey', 'ord_01JABCDEFGHJKMNPQRSTVWXYZ0')).toThrow('is not an API key ID');
    expect(() => parseId('order', 'ord_01JABCDEFGHJKMNPQRSTVWXYZO')).toThrow('I, L, O and U are not used');
    try {
      parseId('order', 'x');
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_id', options: { exitCode: 2 } });
    }
  });
});

describe('closest', () => {
  const ids = ['orders', 'orders:list', 'orders:get', 'products', 'products:list', 'status'];
  const topics = new Set(['orders', 'products']);

  it('prefers the command to its topic and compares word by word', () => {
    expect(closest(['orderz', 'list'], ids, topics)).toEqual(['orders:list']);
    expect(closest(['orders', 'lisst'], ids, topics)).toEqual(['orders:list']);
    expect(closest(['ordrs'], ids, topics)).toEqual(['orders']);
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest(['xyzzy'], ids, topics)).toEqual([]);
    expect(closest(['orders', 'frobnicate'], ids, topics)).toEqual([]);
  });
});
