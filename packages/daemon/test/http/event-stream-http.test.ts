import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/infra/ids.js';
import { createProduct, placeOrder } from '../support/commerce-fixtures.js';
import { createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

interface Frame {
  id?: string;
  event?: string;
  data?: { id: string; type: string; subjectId: string };
  comment?: string;
}

/** Opens the stream and collects its frames (a small reader for the test; clients use an SSE library). */
async function openStream(base: string, token: string, query = '', headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await request(`${base}/v1/events/stream${query}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: controller.signal,
  });
  const frames: Frame[] = [];
  let buffer = '';
  const reading = (async () => {
    try {
      for await (const chunk of response.body) {
        buffer += chunk.toString();
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: Frame = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) frame.comment = line.slice(1).trim();
            else if (line.startsWith('id: ')) frame.id = line.slice(4);
            else if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
          }
          frames.push(frame);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  return {
    status: response.statusCode,
    headers: response.headers,
    frames,
    events: () => frames.filter((frame) => frame.event),
    async waitFor(check: (events: Frame[]) => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(frames.filter((frame) => frame.event))) {
        if (Date.now() > deadline) throw new Error(`stream: ${JSON.stringify(frames)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`GET /v1/events/stream on ${dialect}`, () => {
    let t: TestApp;
    let base: string;
    let admin: string;
    beforeAll(async () => {
      // The timer reads once a minute here: every delivery below comes from the wake-up on commit.
      t = await createTestApp(dialect, { config: { sseKeepAliveSeconds: 1, eventStreamPollMs: 60_000 } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => t?.close());

    /** Creates a product while a stream listens and answers the ID of its `product.created` event. */
    async function idOfLiveProductEvent(): Promise<string> {
      const stream = await openStream(base, admin, '?types=product.created');
      const product = await createProduct(t.app, admin);
      await stream.waitFor((events) => events.some((e) => e.data?.subjectId === product.id));
      await stream.close();
      return stream.events().find((e) => e.data?.subjectId === product.id)!.id!;
    }

    it('streams events to admins as they commit (woken by the commit, not a timer), filtered by type, with keep-alive comments', async () => {
      const stream = await openStream(base, admin, '?types=product.created');
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toContain('text/event-stream');
      expect(stream.headers['x-accel-buffering']).toBe('no');
      const product = await createProduct(t.app, admin);
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/products/${product.id}`,
        headers: { authorization: `Bearer ${admin}` },
        payload: { name: 'x' },
      });
      await stream.waitFor((events) => events.some((e) => e.data?.subjectId === product.id));
      await new Promise((r) => setTimeout(r, 1_300));
      await stream.close();
      const events = stream.events();
      expect(events.every((e) => e.event === 'product.created')).toBe(true);
      const mine = events.find((e) => e.data?.subjectId === product.id)!;
      expect(mine.id).toBe(mine.data!.id);
      expect(stream.frames.some((frame) => frame.comment === 'keep-alive')).toBe(true);
    });

    it('shows users only the events of their own orders', async () => {
      const alice = await registerUser(t.app);
      const bob = await registerUser(t.app);
      const product = await createProduct(t.app, admin);
      const stream = await openStream(base, alice.accessToken);
      const bobs = await placeOrder(t.app, bob.accessToken, [{ productId: product.id, quantity: 1 }]);
      const alices = await placeOrder(t.app, alice.accessToken, [{ productId: product.id, quantity: 1 }]);
      await stream.waitFor((events) => events.some((e) => e.data?.subjectId === alices.id));
      await new Promise((r) => setTimeout(r, 400));
      await stream.close();
      const subjects = stream.events().map((e) => e.data?.subjectId);
      expect(subjects).toContain(alices.id);
      expect(subjects).not.toContain(bobs.id);
      expect(subjects).not.toContain(product.id);
    });

    it('gives each client of a burst exactly the events it may see, once each (in order on SQLite)', async () => {
      const alice = await registerUser(t.app);
      const bob = await registerUser(t.app);
      const product = await createProduct(t.app, admin);
      const everything = await openStream(base, admin);
      const products = await openStream(base, admin, '?types=product.created');
      const alices = await openStream(base, alice.accessToken);
      // Written together, so reads take several at once and clients with different views share a read.
      const [made, aliceOrders, bobOrders] = await Promise.all([
        Promise.all(Array.from({ length: 4 }, () => createProduct(t.app, admin))),
        Promise.all(
          Array.from({ length: 3 }, () =>
            placeOrder(t.app, alice.accessToken, [{ productId: product.id, quantity: 1 }]),
          ),
        ),
        Promise.all(
          Array.from({ length: 3 }, () =>
            placeOrder(t.app, bob.accessToken, [{ productId: product.id, quantity: 1 }]),
          ),
        ),
      ]);
      const subjectsOf = (stream: Awaited<ReturnType<typeof openStream>>) =>
        stream.events().map((e) => e.data!.subjectId);
      const has = (ids: string[]) => (events: Frame[]) =>
        ids.every((id) => events.some((e) => e.data?.subjectId === id));
      const orderIds = [...aliceOrders, ...bobOrders].map((order) => order.id);
      await everything.waitFor(has([...made.map((p) => p.id), ...orderIds]));
      await products.waitFor(has(made.map((p) => p.id)));
      await alices.waitFor(has(aliceOrders.map((order) => order.id)));
      await new Promise((r) => setTimeout(r, 300));
      for (const stream of [everything, products, alices]) await stream.close();
      for (const stream of [everything, products, alices]) {
        const ids = stream.events().map((e) => e.id!);
        expect(new Set(ids).size, 'once each').toBe(ids.length);
        // One writer commits in ID order; on PostgreSQL a smaller ID can commit later and arrive later.
        if (dialect === 'sqlite') expect([...ids].sort(), 'in order').toEqual(ids);
      }
      expect(products.events().every((e) => e.event === 'product.created')).toBe(true);
      expect(subjectsOf(products)).toEqual(expect.arrayContaining(made.map((p) => p.id)));
      expect(subjectsOf(alices)).toEqual(expect.arrayContaining(aliceOrders.map((order) => order.id)));
      expect(subjectsOf(alices)).not.toEqual(expect.arrayContaining([bobOrders[0]!.id]));
      expect(subjectsOf(alices).some((id) => made.some((p) => p.id === id))).toBe(false);
      expect(subjectsOf(everything)).toEqual(expect.arrayContaining(orderIds));
    });

    it('resumes after Last-Event-ID without missing or repeating an event', async () => {
      const lastId = await idOfLiveProductEvent();
      // Written while no client listened.
      const two = await createProduct(t.app, admin);
      const three = await createProduct(t.app, admin);
      const resumed = await openStream(base, admin, '?types=product.created', { 'last-event-id': lastId });
      const four = await createProduct(t.app, admin);
      await resumed.waitFor((events) => events.some((e) => e.data?.subjectId === four.id));
      await new Promise((r) => setTimeout(r, 400));
      await resumed.close();
      const subjects = resumed.events().map((e) => e.data?.subjectId);
      expect(subjects).toEqual([two.id, three.id, four.id]);
    });

    it('misses nothing written while a long replay is read: held and sent after it, once', async () => {
      const lastId = await idOfLiveProductEvent();
      // Enough history that the replay takes a while to read and send.
      const at = new Date().toISOString();
      const history = Array.from({ length: 3_000 }, (_, i) => ({
        id: newId('event'),
        type: 'product.created',
        subject_id: `prd_history${i}`,
        owner_id: null,
        data: JSON.stringify({ index: i }),
        created_at: at,
      }));
      for (let i = 0; i < history.length; i += 500) {
        await t.database.db
          .insertInto('events')
          .values(history.slice(i, i + 500))
          .execute();
      }
      const resumed = await openStream(base, admin, '?types=product.created', { 'last-event-id': lastId });
      // Written the moment the stream is open, while its replay is being read.
      const during = await createProduct(t.app, admin);
      await resumed.waitFor((events) => events.some((e) => e.data?.subjectId === during.id), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      await resumed.close();
      const ids = resumed.events().map((e) => e.id!);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.slice(0, history.length)).toEqual(history.map((row) => row.id));
      expect(resumed.events().filter((e) => e.data?.subjectId === during.id)).toHaveLength(1);
    });

    it('refuses guests and bad filters', async () => {
      const guest = await request(`${base}/v1/events/stream`);
      expect(guest.statusCode).toBe(401);
      await guest.body.text();
      const bad = await request(`${base}/v1/events/stream?types=nope`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(bad.statusCode).toBe(422);
      await bad.body.text();
    });
  });
}
