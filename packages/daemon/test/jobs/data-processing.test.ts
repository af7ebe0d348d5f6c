import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Payment, Product, Upload } from '@tillpoint/sdk/schemas';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, codeOf, createAdmin, registerUser } from '../support/identity-fixtures.js';
import { createJob, runJob, waitForJob } from '../support/job-fixtures.js';
import { startStripeProtocolServer } from '../support/stripe-protocol-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

const SECRET_KEY = 'sk_test_dataprocessing1';

for (const dialect of DIALECTS) {
  describe(`data-processing jobs on ${dialect}`, () => {
    let t: TestApp;
    let admin: string;
    let buyer: string;
    let stripe: Awaited<ReturnType<typeof startStripeProtocolServer>>;
    let product: Product;

    const download = (jobId: string) =>
      t.app.inject({ url: `/v1/jobs/${jobId}/result`, headers: bearer(admin) });
    const upload = (body: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/uploads',
        headers: { ...bearer(admin), 'content-type': contentType },
        payload: body,
      });

    beforeAll(async () => {
      stripe = await startStripeProtocolServer(SECRET_KEY);
      t = await createTestApp(dialect, {
        startWorkers: true,
        config: {
          stripeSecretKey: SECRET_KEY,
          stripeApiBase: stripe.url,
          uploadLimit: 4096,
          backupCopyDir: join(tmpdir(), `tp-copy-${process.pid}-${dialect}`),
          backupCopyToBlobStore: true,
        },
      });
      admin = (await createAdmin(t)).accessToken;
      buyer = (await registerUser(t.app)).accessToken;
      product = await createProduct(t.app, admin, { price: 1000, currency: 'EUR', stock: 1000 });
      for (let i = 0; i < 3; i++) {
        const order = await placeOrder(t.app, buyer, [{ productId: product.id, quantity: i + 1 }]);
        if (i < 2) expect((await payOrder(t.app, buyer, order.id, CARDS.success)).statusCode).toBe(201);
      }
    });
    afterAll(async () => {
      if (t?.config.backupCopyDir) await rm(t.config.backupCopyDir, { recursive: true, force: true });
      await t?.close();
      await stripe?.close();
    });

    it('reports sales by day, currency and status as a downloadable CSV, computed off the main thread', async () => {
      const job = await runJob(t.app, admin, 'reports.sales', { period: 'today' });
      expect(job.status).toBe('succeeded');
      const result = job.result as { orders: number; threadId: number; rows: Array<Record<string, unknown>> };
      expect(result.threadId).toBeGreaterThan(0);
      expect(result.orders).toBe(3);
      expect(job.resultFile).toMatchObject({ contentType: 'text/csv' });

      const file = await download(job.id);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('text/csv');
      expect(file.headers['content-disposition']).toMatch(/^attachment; filename="sales-.*\.csv"$/);
      const [header, ...lines] = file.body.trim().split('\n');
      expect(header).toBe('day,currency,status,orders,total,paid,refunded');
      const today = new Date().toISOString().slice(0, 10);
      expect(lines).toEqual([`${today},EUR,paid,2,3000,3000,0`, `${today},EUR,pending,1,3000,0,0`]);
      expect(Number(file.headers['content-length'])).toBe(job.resultFile!.size);
    });

    it('exports orders as JSON Lines for a date range', async () => {
      const job = await runJob(t.app, admin, 'exports.orders', { period: 'today', format: 'jsonl' });
      expect(job.status).toBe('succeeded');
      const lines = (await download(job.id)).body
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              id: string;
              total: number;
              items: Array<{ variant_id: string; sku: string; line_total: number }>;
            },
        );
      expect(lines).toHaveLength(3);
      expect(lines.map((line) => line.total)).toEqual([1000, 2000, 3000]);
      // Each order carries its lines with their variants, and the lines add up to the order.
      for (const line of lines) {
        expect(line.items.length).toBeGreaterThan(0);
        expect(line.items.every((item) => item.variant_id.startsWith('var_'))).toBe(true);
        expect(line.items.reduce((sum, item) => sum + item.line_total, 0)).toBe(line.total);
      }
      const empty = await runJob(t.app, admin, 'exports.orders', { from: '2001-01-01', to: '2001-01-31' });
      // CSV by default: an empty range still has its header.
      expect((await download(empty.id)).body.trim()).toBe(
        'id,user_id,status,currency,total,amount_paid,amount_refunded,created_at,updated_at',
      );
    });

    it('imports products by SKU with a per-row error report; bad rows never stop good ones', async () => {
      const csv = [
        'sku,name,price,currency,stock,active',
        `${product.sku},Renamed by import,1100,EUR,,true`,
        'IMP-NEW-1,Imported one,500,EUR,7,true',
        'IMP-BAD-1,Bad price,12.5,EUR,,true',
        'IMP-NEW-2,Imported two,250,USD,,false',
        'IMP-BAD-2,,100,EUR,,true',
      ].join('\n');
      const uploaded = await upload(csv, 'text/csv');
      expect(uploaded.statusCode).toBe(201);
      const { id: uploadId } = uploaded.json() as Upload;
      const job = await runJob(t.app, admin, 'imports.products', { uploadId });
      expect(job.status).toBe('succeeded');
      expect(job.result).toMatchObject({ lines: 5, created: 2, updated: 1, failed: 2 });

      const report = (await download(job.id)).body.trim().split('\n');
      expect(report[0]).toBe('line,sku,error');
      expect(report.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
        '4,IMP-BAD-1',
        '6,IMP-BAD-2',
      ]);
      expect(report[1]).toContain('price');

      const list = (await t.app.inject({ url: '/v1/products?limit=100', headers: bearer(admin) })).json()
        .data as Product[];
      const bySku = new Map(list.map((p) => [p.sku, p]));
      expect(bySku.get(product.sku)).toMatchObject({ name: 'Renamed by import', price: 1100 });
      expect(bySku.get('IMP-NEW-1')).toMatchObject({ stock: 7, price: 500 });
      expect(bySku.get('IMP-NEW-2')).toMatchObject({ active: false, currency: 'USD' });
      expect(bySku.has('IMP-BAD-1')).toBe(false);
    });

    it('imports variants grouped by handle with options as columns; an empty required cell is a row error', async () => {
      const csv = [
        'handle,sku,name,price,currency,stock,grams,tax_category,option1_name,option1_value,option2_name,option2_value',
        'imp-tee,IMP-TEE-S-RED,Import tee,1500,EUR,4,150,clothing,Size,S,Colour,red',
        'imp-tee,IMP-TEE-M-RED,Import tee,1600,EUR,5,160,clothing,Size,M,Colour,red',
        'imp-tee,IMP-TEE-M-BLUE,Import tee,,EUR,5,,,Size,M,Colour,blue',
        'imp-tee,IMP-TEE-M-RED2,Import tee,1600,EUR,5,,,Size,M,Colour,red',
        'imp-tee,IMP-TEE-S-RED,Import tee,1550,USD,,,,Size,S,Colour,red',
      ].join('\n');
      const { id: uploadId } = (await upload(csv, 'text/csv')).json() as Upload;
      const job = await runJob(t.app, admin, 'imports.products', { uploadId });
      expect(job.result).toMatchObject({ lines: 5, created: 2, updated: 1, failed: 2 });
      const report = (await download(job.id)).body.trim().split('\n');
      expect(report.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
        '4,IMP-TEE-M-BLUE',
        '5,IMP-TEE-M-RED2',
      ]);
      expect(report[1]).toContain('price: is empty');
      expect(report[2]).toContain('options_invalid');

      const found = (
        await t.app.inject({ url: '/v1/products?collection=&q=IMP-TEE', headers: bearer(admin) })
      ).statusCode;
      expect(found).toBe(422);
      const [tee] = (await t.app.inject({ url: '/v1/products?q=imp%20tee', headers: bearer(admin) })).json()
        .data as Product[];
      expect(tee).toMatchObject({
        handle: 'imp-tee',
        options: [
          { name: 'Size', values: ['S', 'M'] },
          { name: 'Colour', values: ['red'] },
        ],
      });
      expect(tee!.variants.map((v) => [v.sku, v.title, v.prices, v.stock, v.grams, v.taxCategory])).toEqual([
        [
          'IMP-TEE-S-RED',
          'S / red',
          [
            { currency: 'EUR', amount: 1500 },
            { currency: 'USD', amount: 1550 },
          ],
          4,
          150,
          'clothing',
        ],
        ['IMP-TEE-M-RED', 'M / red', [{ currency: 'EUR', amount: 1600 }], 5, 160, 'clothing'],
      ]);
    });

    it('imports JSON Lines and reports lines that are not JSON', async () => {
      const body = [
        '{"sku":"IMP-JSON-1","name":"From JSONL","price":900,"currency":"EUR"}',
        '{not json',
        '',
      ].join('\n');
      const { id: uploadId } = (await upload(body, 'application/x-ndjson')).json() as Upload;
      const job = await runJob(t.app, admin, 'imports.products', { uploadId });
      expect(job.result).toMatchObject({ created: 1, failed: 1 });
      expect((await download(job.id)).body).toContain('2,,not valid JSON');
    });

    it('refuses uploads of other types or over the limit, and unknown uploads at enqueue-run time', async () => {
      const wrongType = await upload('{}', 'application/json');
      expect(wrongType.statusCode).toBe(415);
      const tooBig = await upload('x'.repeat(5000), 'text/csv');
      expect(tooBig.statusCode).toBe(413);
      expect(codeOf(tooBig)).toBe('payload_too_large');
      const missing = await runJob(t.app, admin, 'imports.products', {
        uploadId: 'upl_01J0000000000000000000000A',
      });
      expect(missing.status).toBe('dead');
      expect(missing.lastError).toMatch(/does not exist/);
    });

    it('answers 409 no_result for a job without a file', async () => {
      const probe = await runJob(t.app, admin, 'system.probe');
      const response = await download(probe.id);
      expect(response.statusCode).toBe(409);
      expect(codeOf(response)).toBe('no_result');
    });

    it('reconciles a payment whose provider answer was lost', async () => {
      const order = await placeOrder(t.app, buyer, [{ productId: product.id, quantity: 1 }]);
      stripe.behaviour.loseAnswers = 2;
      const lost = await t.app.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/payments`,
        headers: bearer(buyer),
        payload: { provider: 'stripe', paymentMethod: 'pm_card_visa' },
      });
      expect(lost.statusCode).toBe(502);
      expect(codeOf(lost)).toBe('provider_unavailable');
      const [pending] = (
        await t.app.inject({ url: `/v1/payments?orderId=${order.id}`, headers: bearer(admin) })
      ).json().data as Payment[];
      expect(pending).toMatchObject({ status: 'pending' });

      const job = await runJob(t.app, admin, 'payments.reconcile', { olderThanMinutes: 0 });
      expect(job.result).toMatchObject({ checked: 1, settled: 1 });
      const settled = (
        await t.app.inject({ url: `/v1/payments/${pending!.id}`, headers: bearer(admin) })
      ).json() as Payment;
      expect(settled.status).toBe('succeeded');
      const paidOrder = (
        await t.app.inject({ url: `/v1/orders/${order.id}`, headers: bearer(admin) })
      ).json();
      expect(paidOrder.status).toBe('paid');
    });

    // Online backups are SQLite's (PostgreSQL has pg_dump): the SQLite pass only.
    it.runIf(dialect === 'sqlite')(
      'backs up SQLite online into a file that passes integrity_check',
      async () => {
        const job = await runJob(t.app, admin, 'backup.create');
        expect(job.status).toBe('succeeded');
        const result = job.result as {
          file: string;
          name: string;
          size: number;
          sha256: string;
          copiedTo: string;
          blobKey: string;
        };
        // The second copy is byte for byte the same, checksum beside it.
        expect(result.copiedTo).toBe(join(t.config.backupCopyDir!, result.name));
        expect(
          createHash('sha256')
            .update(await readFile(result.copiedTo))
            .digest('hex'),
        ).toBe(result.sha256);
        expect((await readFile(`${result.copiedTo}.sha256`, 'utf8')).startsWith(result.sha256)).toBe(true);
        // And a third in the blob store (backupCopyToBlobStore), byte for byte.
        const stored = await t.services.blobs.get(result.blobKey);
        expect(result.blobKey).toBe(`backups/${result.name}`);
        const chunks: Buffer[] = [];
        for await (const chunk of stored!.stream) chunks.push(chunk as Buffer);
        expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(result.sha256);
        expect(result.file.startsWith(join(t.config.dataDir, 'backups'))).toBe(true);
        const copy = new SqliteDatabase(result.file, { readonly: true });
        try {
          expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
          const live = await t.database.db
            .selectFrom('orders')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst();
          expect(copy.prepare('select count(*) as n from orders').get()).toEqual({ n: Number(live!.n) });
        } finally {
          copy.close();
        }
      },
    );

    it('refuses bad params at enqueue time with field paths', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: bearer(admin),
        payload: { type: 'reports.sales', params: { period: 'fortnight' } },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().errors[0].path).toBe('body.params.period');
      const job: Job = await createJob(t.app, admin, 'exports.orders', {
        from: '2026-01-01',
        to: '2026-01-02',
        format: 'csv',
      });
      expect((await waitForJob(t.app, admin, job.id)).status).toBe('succeeded');
    });
  });
}
