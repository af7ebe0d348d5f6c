import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop, eurProduct, readyGuestCart } from '../support/cart-fixtures.js';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser, uniqueEmail } from '../support/identity-fixtures.js';
import {
  findInOutbox,
  type MailCatcher,
  recipientOf,
  resetTokenIn,
  startMailCatcher,
  verificationTokenIn,
} from '../support/mail-catcher.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/test-database.js';

for (const dialect of DIALECTS) {
  describe(`email queue over SMTP on ${dialect}`, () => {
    let t: TestApp;
    let smtp: MailCatcher;
    let admin: string;

    beforeAll(async () => {
      smtp = await startMailCatcher();
      t = await createTestApp(dialect, {
        startWorkers: true,
        config: { smtpUrl: smtp.url, mailFrom: 'Shop <shop@example.test>', shopName: 'Test Shop' },
      });
      admin = (await createAdmin(t)).accessToken;
    });
    afterAll(async () => {
      await t?.close();
      await smtp?.close();
    });

    it('sends a welcome email with plain text and HTML to an account an admin creates', async () => {
      const email = uniqueEmail('welcome');
      await t.services.auth.createAdmin({ email, password: 'correct horse battery' });
      const mail = await smtp.waitFor((m) => recipientOf(m) === email.toLowerCase());
      expect(mail.subject).toBe('Welcome to Test Shop');
      expect(mail.from?.text).toContain('shop@example.test');
      expect(mail.text).toContain('your account at Test Shop is ready');
      expect(mail.html).toContain('<p>');
    });

    it('registration: a new address gets a one-time verification token, a registered one a notice', async () => {
      const email = uniqueEmail('verify');
      const register = (password: string) =>
        t.app.inject({ method: 'POST', url: '/v1/auth/register', payload: { email, password } });
      const first = await register('correct horse battery');
      const mail = await smtp.waitFor((m) => recipientOf(m) === email.toLowerCase());
      expect(mail.subject).toBe('Confirm your email for Test Shop');
      const token = verificationTokenIn(mail);
      const verify = (value: string) =>
        t.app.inject({ method: 'POST', url: '/v1/auth/verify-email', payload: { token: value } });
      const verified = await verify(token);
      expect(verified.statusCode, verified.body).toBe(200);
      expect(verified.json()).toMatchObject({
        email: email.toLowerCase(),
        emailVerifiedAt: expect.any(String),
      });
      expect((await verify(token)).statusCode).toBe(401);
      expect((await verify(`${token}x`)).statusCode).toBe(401);
      // Only the token's hash is stored, and no job row carries it.
      const jobs = await t.database.db.selectFrom('jobs').select(['params', 'result']).execute();
      expect(JSON.stringify(jobs)).not.toContain(token);

      // The same address again, with another password: the same answer, a notice to the owner, no change.
      const second = await register('another long password');
      expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
      expect(second.body).toBe(first.body);
      const notice = await smtp.waitFor(
        (m) => recipientOf(m) === email.toLowerCase() && /tried to sign up/.test(m.subject ?? ''),
      );
      expect(notice.text).toContain('already has one');
      const login = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email, password: 'another long password' },
      });
      expect(login.statusCode).toBe(401);
    });

    it('requireVerifiedEmail: a customer orders only once the address is verified', async () => {
      const strict = await createTestApp(dialect, {
        startWorkers: true,
        config: { smtpUrl: smtp.url, shopName: 'Strict Shop', requireVerifiedEmail: true },
      });
      try {
        const strictAdmin = (await createAdmin(strict)).accessToken;
        const product = await createProduct(strict.app, strictAdmin, { price: 500 });
        const email = uniqueEmail('strict');
        const buyer = await registerUser(strict.app, email);
        const order = () =>
          strict.app.inject({
            method: 'POST',
            url: '/v1/orders',
            headers: bearer(buyer.accessToken),
            payload: { items: [{ productId: product.id, quantity: 1 }] },
          });
        const refused = await order();
        expect(refused.statusCode).toBe(403);
        expect(refused.json().code).toBe('email_not_verified');
        const mail = await smtp.waitFor(
          (m) => recipientOf(m) === email.toLowerCase() && /Strict Shop/.test(m.subject ?? ''),
        );
        const verified = await strict.app.inject({
          method: 'POST',
          url: '/v1/auth/verify-email',
          payload: { token: verificationTokenIn(mail) },
        });
        expect(verified.statusCode).toBe(200);
        expect((await order()).statusCode).toBe(201);
        // Admins are verified when created, so their orders never needed it.
        expect(
          (await placeOrder(strict.app, strictAdmin, [{ productId: product.id, quantity: 1 }])).id,
        ).toMatch(/^ord_/);
      } finally {
        await strict.close();
      }
    });

    it('escapes user data in the HTML part', async () => {
      const email = uniqueEmail('html');
      await t.services.auth.createAdmin({
        email,
        password: 'correct horse battery',
        name: '<script>x</script>',
      });
      const mail = await smtp.waitFor((m) => recipientOf(m) === email.toLowerCase());
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;');
      expect(mail.text).toContain('<script>x</script>');
    });

    it('emails a password reset token that works once', async () => {
      const email = uniqueEmail('reset');
      await registerUser(t.app, email);
      await t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email } });
      const mail = await smtp.waitFor(
        (m) => recipientOf(m) === email.toLowerCase() && /reset/i.test(m.subject ?? ''),
      );
      const token = resetTokenIn(mail);
      const confirm = await t.app.inject({
        method: 'POST',
        url: '/v1/auth/password-reset/confirm',
        payload: { token, password: 'a brand new password' },
      });
      expect(confirm.statusCode).toBe(204);
    });

    it('sends nothing for a reset of an unknown address', async () => {
      const ghost = uniqueEmail('ghost');
      await t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email: ghost } });
      // A known address requested after the ghost is delivered; the ghost never is.
      const known = uniqueEmail('known');
      await registerUser(t.app, known);
      await t.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email: known } });
      await smtp.waitFor((m) => recipientOf(m) === known.toLowerCase() && /reset/i.test(m.subject ?? ''));
      expect(smtp.messages.some((m) => recipientOf(m) === ghost.toLowerCase())).toBe(false);
    });

    it('sends the order confirmation, the payment receipt and the refund notice to the buyer', async () => {
      const email = uniqueEmail('buyer');
      const buyer = await registerUser(t.app, email);
      const product = await createProduct(t.app, admin, { price: 1999 });
      const order = await placeOrder(t.app, buyer.accessToken, [{ productId: product.id, quantity: 2 }]);
      const paid = await payOrder(t.app, buyer.accessToken, order.id, CARDS.success);
      expect(paid.statusCode).toBe(201);
      const mine = (m: { subject?: string | undefined }, word: string) => (m.subject ?? '').includes(word);
      const confirmation = await smtp.waitFor(
        (m) => recipientOf(m) === email.toLowerCase() && mine(m, 'confirmed'),
      );
      expect(confirmation.text).toContain(order.id);
      expect(confirmation.text).toContain('total 39.98 EUR');
      const receipt = await smtp.waitFor((m) => recipientOf(m) === email.toLowerCase() && mine(m, 'receipt'));
      expect(receipt.subject).toContain('39.98 EUR');

      const paymentId = (paid.json() as { id: string }).id;
      const refund = await t.app.inject({
        method: 'POST',
        url: `/v1/payments/${paymentId}/refunds`,
        headers: bearer(admin),
        payload: { amount: 500, reason: 'one item damaged' },
      });
      expect(refund.statusCode).toBe(201);
      const notice = await smtp.waitFor((m) => recipientOf(m) === email.toLowerCase() && mine(m, 'refund'));
      expect(notice.text).toContain('5.00 EUR');
    });

    it("emails a guest's confirmation to the cart's address, with a link-ready token that opens the order", async () => {
      const shop = await createShop(t.app, admin);
      const product = await eurProduct(t.app, admin);
      const email = uniqueEmail('guest');
      const { client, cart } = await readyGuestCart(t.app, shop, product, { email });
      const done = await client.complete(cart.fingerprint);
      expect(done.statusCode, done.body).toBe(201);
      const { order, order_token } = done.json() as { order: { id: string }; order_token: string };
      const orderUrl = `/v1/orders/${order.id}`;
      const paid = await t.app.inject({
        method: 'POST',
        url: `${orderUrl}/payments`,
        headers: { 'x-order-token': order_token },
        payload: { provider: 'test', card: { number: CARDS.success } },
      });
      expect(paid.statusCode, paid.body).toBe(201);
      const confirmation = await smtp.waitFor(
        (m) => recipientOf(m) === email.toLowerCase() && (m.subject ?? '').includes('confirmed'),
      );
      const linkToken = /Your order token: (tpl_[A-Za-z0-9_-]+)/.exec(confirmation.text ?? '')?.[1];
      expect(linkToken, confirmation.text).toBeDefined();
      expect(linkToken).not.toBe(order_token);
      const read = await t.app.inject({ url: orderUrl, headers: { 'x-order-token': linkToken! } });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json()).toMatchObject({ id: order.id, email: email.toLowerCase() });
      // Bound to its order and to the daemon's key: any change, or another order, is a 404.
      const tampered = `${linkToken!.slice(0, -2)}${linkToken!.endsWith('AA') ? 'BB' : 'AA'}`;
      expect((await t.app.inject({ url: orderUrl, headers: { 'x-order-token': tampered } })).statusCode).toBe(
        404,
      );
      const other = await readyGuestCart(t.app, shop, product);
      const otherDone = (await other.client.complete(other.cart.fingerprint)).json() as {
        order: { id: string };
      };
      expect(
        (
          await t.app.inject({
            url: `/v1/orders/${otherDone.order.id}`,
            headers: { 'x-order-token': linkToken! },
          })
        ).statusCode,
      ).toBe(404);
      // The token is computed when the email is rendered: it is stored nowhere.
      const jobs = await t.database.db.selectFrom('jobs').select('params').execute();
      expect(jobs.some((job) => String(job.params).includes(linkToken!))).toBe(false);
    });
  });
}

describe('email without SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { startWorkers: true });
  });
  afterAll(async () => t?.close());

  it('writes .eml files to the outbox in the data dir', async () => {
    const email = uniqueEmail('outbox');
    await registerUser(t.app, email);
    const mail = await findInOutbox(
      join(t.config.dataDir, 'outbox'),
      (m) => recipientOf(m) === email.toLowerCase(),
    );
    expect(mail.subject).toMatch(/^Confirm your email for/);
    expect(mail.messageId).toMatch(/^<job_/);
  });
});
