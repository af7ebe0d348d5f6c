import { Validator } from '@seriousme/openapi-schema-validator';
import { Tillpoint } from '@tillpoint/sdk';
import { PROBLEM_CONTENT_TYPE } from '@tillpoint/sdk/schemas';
import { OpenAPIBackend } from 'openapi-backend';
import { Agent, DecoratorHandler, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS } from '../support/commerce-fixtures.js';
import { PASSWORD, uniqueEmail } from '../support/identity-fixtures.js';
import { png } from '../support/image-fixtures.js';
import { createResponseChecker } from '../support/openapi-responses.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

/** undici's typings predate its handler API (onResponseStart, …); the class has it since undici 7. */
const Decorator = DecoratorHandler as unknown as new (handler: Dispatcher.DispatchHandler) => ResponseHooks;

interface ResponseHooks {
  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void;
  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void;
  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Record<string, string | string[] | undefined>,
  ): void;
}

/** One HTTP exchange as the SDK's dispatcher saw it on the wire. */
interface Exchange {
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  requestBody: string | undefined;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** An undici interceptor that records every exchange the SDK makes, bodies included, without changing it. */
function recording(exchanges: Exchange[]): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const exchange: Exchange = {
      method: options.method,
      path: options.path,
      requestHeaders: headerRecord(options.headers),
      requestBody: typeof options.body === 'string' ? options.body : undefined,
      status: 0,
      headers: {},
      body: Buffer.alloc(0),
    };
    const chunks: Buffer[] = [];
    class Recorder extends Decorator {
      override onResponseStart(
        controller: Dispatcher.DispatchController,
        statusCode: number,
        headers: Record<string, string | string[] | undefined>,
        statusMessage?: string,
      ) {
        exchange.status = statusCode;
        exchange.headers = headerRecord(headers);
        return super.onResponseStart(controller, statusCode, headers, statusMessage);
      }
      override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer) {
        chunks.push(Buffer.from(chunk));
        return super.onResponseData(controller, chunk);
      }
      override onResponseEnd(
        controller: Dispatcher.DispatchController,
        trailers: Record<string, string | string[] | undefined>,
      ) {
        exchange.body = Buffer.concat(chunks);
        exchanges.push(exchange);
        return super.onResponseEnd(controller, trailers);
      }
    }
    return dispatch(options, new Recorder(handler) as unknown as Dispatcher.DispatchHandler);
  };
}

function headerRecord(headers: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  const entries: Array<[string, unknown]> = Array.isArray(headers)
    ? (headers as unknown[]).flatMap((_, index, all) =>
        index % 2 === 0 ? [[String(all[index]), all[index + 1]] as [string, unknown]] : [],
      )
    : Object.entries(headers as Record<string, unknown>);
  for (const [name, value] of entries)
    record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  return record;
}

/**
 * Checks recorded exchanges against the document the daemon serves: openapi-backend finds each request's operation
 * and validates its parameters and JSON body; the answer is judged by `createResponseChecker`.
 */
async function createContractChecker(document: Record<string, unknown>) {
  // quick: openapi-backend's own document check knows OpenAPI 3.0 only; the test checks the 3.1 document with
  // @seriousme/openapi-schema-validator instead.
  const api = new OpenAPIBackend({ definition: document as never, validate: true, quick: true });
  await api.init();
  const responses = createResponseChecker(document);
  const seen = new Set<string>();

  return {
    seen,
    check(exchange: Exchange): string[] {
      const url = new URL(exchange.path, 'http://daemon');
      const request = {
        method: exchange.method,
        path: url.pathname,
        query: url.search.slice(1),
        headers: exchange.requestHeaders,
        body:
          exchange.requestBody !== undefined && exchange.requestHeaders['content-type']?.includes('json')
            ? JSON.parse(exchange.requestBody)
            : undefined,
      };
      const operation = api.matchOperation(request) as unknown as Record<string, unknown> | undefined;
      const name = `${exchange.method} ${url.pathname} → ${exchange.status}`;
      if (!operation) return [`${name}: no operation in the document`];
      const operationId = operation.operationId as string;
      seen.add(operationId);
      const problems: string[] = [];
      const requestType = exchange.requestHeaders['content-type']?.split(';')[0]?.trim();
      if (requestType && exchange.method !== 'GET') {
        const declared = Object.keys(
          (operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content ?? {},
        );
        if (!declared.includes(requestType))
          problems.push(`${name}: request ${requestType} is not declared (${declared.join(', ')})`);
      }
      if (requestType === 'application/json' || !requestType) {
        const validation = api.validateRequest(request, operation as never);
        // A request the document calls invalid (the tour sends a few on purpose) must be refused with a 4xx.
        if (!validation.valid && !(exchange.status >= 400 && exchange.status < 500))
          problems.push(`${name}: invalid request accepted ${JSON.stringify(validation.errors)}`);
      }
      return [
        ...problems,
        ...responses.problems(
          {
            path: operation.path as string,
            method: operation.method as string,
            status: exchange.status,
            contentType: exchange.headers['content-type'],
            body: exchange.body,
            headers: exchange.headers,
          },
          name,
        ),
      ];
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`the served OpenAPI document is the contract (${dialect})`, () => {
    let t: TestApp;
    let baseUrl: string;
    let document: Record<string, unknown>;
    const exchanges: Exchange[] = [];
    let agent: Dispatcher;

    beforeAll(async () => {
      t = await createTestApp(dialect, { startWorkers: true, config: { webhookAllowPrivateTargets: true } });
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      baseUrl = address;
      document = (await (await fetch(`${address}/openapi.json`)).json()) as Record<string, unknown>;
      agent = new Agent().compose(recording(exchanges));
    });
    afterAll(async () => {
      await agent?.close();
      await t?.close();
    });

    it('the document is valid OpenAPI 3.1', async () => {
      const result = await new Validator().validate(document as never);
      expect(result.errors ?? []).toEqual([]);
    });

    it('every request and response of a tour through the SDK matches the document', async () => {
      const client = (options: ConstructorParameters<typeof Tillpoint>[0] = {}) =>
        new Tillpoint({ baseUrl, dispatcher: agent, maxRetries: 0, ...options });
      const adminEmail = uniqueEmail('admin');
      await t.services.auth.createAdmin({ email: adminEmail, password: PASSWORD });
      const admin = client();
      await admin.auth.login({ email: adminEmail, password: PASSWORD });
      const guest = client();
      const user = client();
      const shopperEmail = uniqueEmail('shopper');
      await user.auth.register({ email: shopperEmail, password: PASSWORD });
      await user.auth.login({ email: shopperEmail, password: PASSWORD });

      await guest.meta.get();
      await user.me.get();
      await user.me.update({ name: 'Contract Shopper' });
      // The address book: save, list (async-iterable), read, change the defaults, delete; a bad country is a 422.
      const saved = await user.me.addresses.create({
        address: {
          name: 'Contract Shopper',
          line1: '1 Market St',
          city: 'San Jose',
          subdivision: 'US-CA',
          countryCode: 'US',
        },
      });
      const berlin = await user.me.addresses.create({
        address: { name: 'Contract Shopper', line1: 'Hauptstraße 1', city: 'Berlin', countryCode: 'DE' },
        isDefaultShipping: true,
      });
      for await (const _ of user.me.addresses.list({ limit: 1 })) {
        // every page
      }
      await user.me.addresses.get(saved.id);
      await user.me.addresses.update(saved.id, { isDefaultShipping: true });
      await user.me.addresses.delete(berlin.id);
      await user.me.addresses
        .create({ address: { name: 'X', line1: 'Y', city: 'Z', countryCode: 'XX' } })
        .catch(() => undefined);

      // Catalog: a product with options and variants, a collection, an image.
      const product = await admin.products.create({
        name: 'Contract Tee',
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          {
            sku: `CT-S-${Date.now()}`,
            options: { Size: 'S' },
            prices: [{ currency: 'EUR', amount: 1500 }],
            stock: 10,
          },
        ],
      } as never);
      const variant = await admin.products.variants.create(product.id, {
        sku: `CT-M-${Date.now()}`,
        options: { Size: 'M' },
        prices: [{ currency: 'EUR', amount: 1500 }],
        stock: 10,
      } as never);
      await admin.products.variants.list(product.id);
      await admin.variants.get(variant.id);
      await admin.variants.update(variant.id, { title: 'Medium' });
      await admin.variants
        .adjustStock(variant.id, { delta: 2, reason: 'recount' } as never)
        .catch(() => undefined);
      await admin.products.update(product.id, { description: 'A tee for the contract test' });
      await guest.products.list();
      await guest.products.get(product.id);
      const collection = await admin.collections.create({ title: 'Contract picks' });
      await admin.collections.addProduct(collection.id, product.id);
      await guest.collections.get(collection.id);
      await guest.collections.list();
      const media = await admin.products.media.upload(product.id, png(4, 4), {
        alt: 'Front',
        filename: 'front.png',
      });
      await guest.products.media.list(product.id);
      const image = await guest.media.download(media.id);
      for await (const _ of image) {
        // drain
      }

      // An order, paid with the test provider, fulfilled, refunded in part.
      const order = await user.orders.create({ items: [{ variantId: variant.id, quantity: 2 }] });
      await user.orders.list();
      await user.orders.get(order.id);
      const payment = await user.payments.create(order.id, {
        provider: 'test',
        card: { number: CARDS.success },
      });
      await user.payments.get(payment.id);
      await admin.payments.list();
      await admin.orders.fulfill(order.id);
      await admin.payments.refund(payment.id, { amount: 500, reason: 'damaged' } as never);
      // A declined card is a problem+json 402 the document must describe too.
      const second = await user.orders.create({ items: [{ variantId: variant.id, quantity: 1 }] });
      await user.payments
        .create(second.id, { provider: 'test', card: { number: CARDS.declined } })
        .catch(() => undefined);
      await user.orders.cancel(second.id, { reason: 'changed my mind' });

      // Jobs: an export with a file result, its download, queues and types.
      const job = await admin.jobs.run('exports.orders', { period: 'all' }, { wait: true, timeout: 30_000 });
      expect(job.resultFile?.contentType).toBe('text/csv');
      await admin.jobs.list();
      const file = await admin.jobs.downloadResult(job.id);
      for await (const _ of file) {
        // drain
      }
      await admin.jobs.queues();
      await admin.jobs.types();
      await admin.events.list();

      // Webhook endpoints, schedules, API keys, backups, users, the audit log.
      const endpoint = await admin.webhookEndpoints.create({
        url: 'http://127.0.0.1:9/hook',
        eventTypes: ['order.paid'],
      });
      await admin.webhookEndpoints.list();
      await admin.webhookEndpoints.get(endpoint.id);
      await admin.webhookEndpoints.update(endpoint.id, { description: 'contract' });
      await admin.webhookDeliveries.list();
      await admin.webhookEndpoints.delete(endpoint.id);
      const schedule = await admin.schedules.create({
        name: `contract-${Date.now()}`,
        intervalSeconds: 3600,
        jobType: 'exports.orders',
      } as never);
      await admin.schedules.list();
      await admin.schedules.pause(schedule.id);
      await admin.schedules.resume(schedule.id);
      await admin.schedules.delete(schedule.id);
      const key = await admin.apiKeys.create({ name: 'contract' } as never);
      const viaKey = client({ apiKey: key.secret });
      await viaKey.products.list();
      await admin.apiKeys.list();
      await admin.apiKeys.revoke(key.id);
      await admin.backups.list().catch(() => undefined);
      await admin.users.list();
      await admin.auditLog.list();

      // Errors: not found, unauthenticated, validation.
      await guest.orders.get('ord_01JAAAAAAAAAAAAAAAAAAAAAAA').catch(() => undefined);
      await user.users.list().catch(() => undefined);
      await user.orders.create({ items: [] } as never).catch(() => undefined);
      await user.auth.logout();

      const checker = await createContractChecker(document);
      const problems = exchanges.flatMap((exchange) => checker.check(exchange));
      expect(problems).toEqual([]);
      expect(exchanges.length).toBeGreaterThan(50);
      expect(
        exchanges.some((exchange) => exchange.headers['content-type']?.startsWith(PROBLEM_CONTENT_TYPE)),
      ).toBe(true);
      expect([...checker.seen]).toEqual(
        expect.arrayContaining([
          'orders.create',
          'payments.refunds.create',
          'products.media.upload',
          'media.download',
          'jobs.downloadResult',
          'webhookEndpoints.create',
          'schedules.create',
          'apiKeys.create',
        ]),
      );
    });
  });
}
