import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, codeOf, createAdmin } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

/** Raw JSON, so the lone surrogate reaches the daemon as the escape a client would send. */
const json = (text: string) => ({ payload: text, headers: { 'content-type': 'application/json' } });

for (const dialect of DIALECTS) {
  describe(`well-formed text only, on ${dialect}`, () => {
    let t: TestApp;
    let admin: Record<string, string>;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      admin = bearer((await createAdmin(t)).accessToken);
    });
    afterAll(async () => t?.close());

    it('refuses a lone surrogate in a body string with 422 naming the field, and stores nothing', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        ...json('{"sku":"LONE-1","name":"Mug \\ud800","price":100,"currency":"EUR"}'),
        headers: { ...admin, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(422);
      expect(codeOf(response)).toBe('validation_failed');
      expect(response.json().errors).toEqual([
        expect.objectContaining({ path: 'body.name', code: 'malformed_text' }),
      ]);
      const listed = await t.app.inject({ url: '/v1/products?q=LONE-1', headers: admin });
      expect(listed.json().data).toEqual([]);
    });

    it('refuses lone surrogates in nested values and keys, on public routes too', async () => {
      const nested = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        ...json(
          '{"sku":"LONE-2","name":"Mug","price":100,"currency":"EUR","metadata":{"a":["ok","\\udfff"]}}',
        ),
        headers: { ...admin, 'content-type': 'application/json' },
      });
      expect(nested.statusCode).toBe(422);
      expect(nested.json().errors[0].path).toBe('body.metadata.a.1');
      const key = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        ...json('{"email":"a@example.com","password":"long enough password","\\ud83d":1}'),
      });
      expect(key.statusCode).toBe(422);
      expect(codeOf(key)).toBe('validation_failed');
    });

    it('walks deeply nested bodies without failing, and leaves streamed upload bodies alone', async () => {
      const deep = `{"sku":"DEEP-1","name":"Mug","price":100,"currency":"EUR","metadata":{"a":${'['.repeat(5000)}"\\ud800"${']'.repeat(5000)}}}`;
      const nested = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        ...json(deep),
        headers: { ...admin, 'content-type': 'application/json' },
      });
      expect(nested.statusCode).toBeLessThan(500);
      const upload = await t.app.inject({
        method: 'POST',
        url: '/v1/uploads',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: 'sku,name,price,currency\nA-1,Mug \ud800,100,EUR\n',
      });
      expect(upload.statusCode, upload.body).toBe(201);
    });

    it('refuses a NUL character in the path, the query and the body with 422 naming where', async () => {
      const inPath = await t.app.inject({ url: '/v1/collections/a%00b', headers: admin });
      expect(inPath.statusCode, inPath.body).toBe(422);
      expect(inPath.json().errors).toEqual([
        expect.objectContaining({ path: 'params.id', code: 'malformed_text' }),
      ]);
      const inQuery = await t.app.inject({ url: '/v1/products?starting_after=%00', headers: admin });
      expect(inQuery.statusCode, inQuery.body).toBe(422);
      expect(inQuery.json().errors[0].path).toBe('query.starting_after');
      const inBody = await t.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        ...json('{"type":"system.probe","params":{"note":"a\\u0000b"}}'),
        headers: { ...admin, 'content-type': 'application/json' },
      });
      expect(inBody.statusCode, inBody.body).toBe(422);
      expect(inBody.json().errors[0]).toEqual(expect.objectContaining({ path: 'body.params.note' }));
    });

    it('accepts well-formed text outside the BMP (a surrogate pair) and stores it the same on both databases', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/products',
        ...json('{"sku":"PAIR-1","name":"Mug \\ud83d\\ude00","price":100,"currency":"EUR"}'),
        headers: { ...admin, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(201);
      const read = await t.app.inject({ url: `/v1/products/${response.json().id}`, headers: admin });
      expect(read.json().name).toBe('Mug 😀');
    });
  });
}
