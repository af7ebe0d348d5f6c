import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildFields, decodeTypedValue, parseHeader, readJsonInput, splitPathQuery } from './api-request.js';

describe('api-request', () => {
  it('splits a path from its query and adds a leading slash', () => {
    expect(splitPathQuery('v1/orders?limit=5&x=a%20b')).toEqual({
      path: '/v1/orders',
      query: { limit: '5', x: 'a b' },
    });
    expect(splitPathQuery('/v1/meta')).toEqual({ path: '/v1/meta', query: {} });
  });

  it('parses headers and rejects malformed ones with exit code 2', () => {
    expect(parseHeader('X-Trace:  abc:def ')).toEqual(['X-Trace', 'abc:def']);
    expect(() => parseHeader('nocolon')).toThrow(expect.objectContaining({ code: 'usage_error' }));
  });

  it('decodes typed values', () => {
    expect(decodeTypedValue('12')).toBe(12);
    expect(decodeTypedValue('-1.5e3')).toBe(-1500);
    expect(decodeTypedValue('007')).toBe('007');
    expect(decodeTypedValue('false')).toBe(false);
    expect(decodeTypedValue('{"a":[1]}')).toEqual({ a: [1] });
    expect(decodeTypedValue('{oops')).toBe('{oops');
  });

  it('builds nested fields, keeping -f values as strings', () => {
    expect(buildFields(['a=1', 'b[c]=x', 'l[]=1', 'l[]=2', 'eq=x=y'], ['n=1', 'o[p][0]=true'])).toEqual({
      a: '1',
      b: { c: 'x' },
      l: ['1', '2'],
      eq: 'x=y',
      n: 1,
      o: { p: [true] },
    });
    expect(() => buildFields(['novalue'], [])).toThrow(/key=value/);
  });

  it('reads JSON from stdin or a file; empty means no body; bad JSON fails', async () => {
    expect(await readJsonInput('-', Readable.from(['{"a":', '1}']))).toEqual({ a: 1 });
    expect(await readJsonInput('-', Readable.from([' \n']))).toBeUndefined();
    const dir = await mkdtemp(join(tmpdir(), 'till-'));
    try {
      await writeFile(join(dir, 'b.json'), '[1,2]');
      expect(await readJsonInput(join(dir, 'b.json'))).toEqual([1, 2]);
      await expect(readJsonInput(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(readJsonInput('-', Readable.from(['nope']))).rejects.toMatchObject({
        code: 'invalid_input',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
