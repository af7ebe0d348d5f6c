import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, createProduct, payOrder, placeOrder } from '../support/commerce-fixtures.js';
import { bearer, createAdmin, registerUser, uniqueEmail } from '../support/identity-fixtures.js';
import {
  findInOutbox,
  type MailCatcher,
  recipientOf,
  resetTokenIn,
  startMailCatcher,
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

    it('sends a welcome email with plain text and HTML when a user registers', async () => {
      const email = uniqueEmail('welcome');
      await registerUser(t.app, email);
      const mail = await smtp.waitFor((m) => recipientOf(m) === email.toLowerCase());
      expect(mail.subject).toBe('Welcome to Test Shop');
      expect(mail.from?.text).toContain('shop@example.test');
      expect(mail.text).toContain('your account at Test Shop is ready');
      expect(mail.html).toContain('<p>');
    });

    it('escapes user data in the HTML part', async () => {
      const email = uniqueEmail('html');
      await t.app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        payload: { email, password: 'correct horse battery', name: '<script>x</script>' },
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
    expect(mail.subject).toMatch(/^Welcome to/);
    expect(mail.messageId).toMatch(/^<job_/);
  });
});
