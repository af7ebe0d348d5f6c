import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ClientOptions, Page, Tillpoint } from '../src/index.js';
import { createRecordingLogger, sendJson, startServer, type TestServer } from './support/test-server.js';
import { TRANSPORTS } from './support/transports.js';

type Item = { id: string; n: number };
const ITEMS: Item[] = Array.from({ length: 7 }, (_, i) => ({ id: `itm_${i}`, n: i }));

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves ITEMS 3 at a time (3 pages: 3 + 3 + 1), following `starting_after`. */
async function serveList() {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const limit = Number(url.searchParams.get('limit') ?? 3);
    const after = url.searchParams.get('starting_after');
    const start = after ? ITEMS.findIndex((item) => item.id === after) + 1 : 0;
    const data = ITEMS.slice(start, start + limit);
    sendJson(res, 200, { object: 'list', data, has_more: start + limit < ITEMS.length });
  });
  return server;
}

describe.each(TRANSPORTS)('pagination (%s transport)', (transport) => {
  const newClient = (options: ClientOptions = {}) => new Tillpoint({ transport, ...options });

  it('awaits to the first page', async () => {
    const srv = await serveList();
    const client = newClient({ baseUrl: srv.url });
    const page = await client.getAPIList<Item>('/v1/items', { limit: 3 });
    expect(page).toBeInstanceOf(Page);
    expect(page.data.map((i) => i.id)).toEqual(['itm_0', 'itm_1', 'itm_2']);
    expect(page.has_more).toBe(true);
    expect(page.hasNextPage()).toBe(true);
    const next = await page.getNextPage();
    expect(next.data.map((i) => i.id)).toEqual(['itm_3', 'itm_4', 'itm_5']);
    const last = await next.getNextPage();
    expect(last.data.map((i) => i.id)).toEqual(['itm_6']);
    expect(last.hasNextPage()).toBe(false);
    expect(() => last.getNextPage()).toThrow(/No next page/);
    expect(srv.requests.map((r) => r.url)).toEqual([
      '/v1/items?limit=3',
      '/v1/items?limit=3&starting_after=itm_2',
      '/v1/items?limit=3&starting_after=itm_5',
    ]);
  });

  it('iterates every item across 3 pages', async () => {
    const srv = await serveList();
    const client = newClient({ baseUrl: srv.url });
    const seen: string[] = [];
    for await (const item of client.getAPIList<Item>('/v1/items', { limit: 3 })) seen.push(item.id);
    expect(seen).toEqual(ITEMS.map((i) => i.id));
    expect(srv.requests).toHaveLength(3);
  });

  it('stops fetching on break', async () => {
    const srv = await serveList();
    const client = newClient({ baseUrl: srv.url });
    const seen: string[] = [];
    for await (const item of client.getAPIList<Item>('/v1/items', { limit: 3 })) {
      seen.push(item.id);
      if (item.id === 'itm_4') break;
    }
    expect(seen).toEqual(['itm_0', 'itm_1', 'itm_2', 'itm_3', 'itm_4']);
    expect(srv.requests).toHaveLength(2);
  });

  it('exposes the first page response and iterates pages', async () => {
    const srv = await serveList();
    const client = newClient({ baseUrl: srv.url });
    const { data: page, requestId } = await client.getAPIList<Item>('/v1/items', { limit: 3 }).withResponse();
    expect(requestId).toBe('req_test');
    const sizes: number[] = [];
    for await (const p of page.iterPages()) sizes.push(p.data.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('checks items leniently against a schema', async () => {
    const srv = await serveList();
    const { lines, logger } = createRecordingLogger();
    const client = newClient({ baseUrl: srv.url, logLevel: 'debug', logger });
    const schema = z.object({ id: z.string(), n: z.string() });
    const page = await client.getAPIList('/v1/items', { limit: 1 }, {}, schema);
    expect(page.data[0]).toEqual({ id: 'itm_0', n: 0 });
    expect(lines.some((l) => l.text.includes('does not match'))).toBe(true);
  });

  it('rejects a response that is not a list', async () => {
    server = await startServer((_req, res) => sendJson(res, 200, { hello: 'world' }));
    const client = newClient({ baseUrl: server.url });
    await expect(client.getAPIList('/v1/items')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
