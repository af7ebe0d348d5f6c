import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tillpoint } from '@tillpoint/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedDaemon, spawnDaemon } from '../../daemon/test/support/spawn-daemon.js';
import { assertBuilt, CLI_ROOT } from './support/run-till.js';

// Every operation of the daemon's OpenAPI document has its SDK method and its `till` command. A new route fails
// here until it is given both (or a reason it needs none), so the three parts cannot drift apart.

/** operationId → [the `till` command (and the flag that picks the operation), the SDK method's path on a client]. */
const COVERAGE: Record<string, readonly [command: string, sdkMethod: string]> = {
  'apiKeys.create': ['api-keys create', 'apiKeys.create'],
  'apiKeys.get': ['api-keys get', 'apiKeys.get'],
  'apiKeys.list': ['api-keys list', 'apiKeys.list'],
  'apiKeys.revoke': ['api-keys revoke', 'apiKeys.revoke'],
  'auditLog.list': ['audit list', 'auditLog.list'],
  'auth.confirmPasswordReset': ['auth reset-password', 'auth.confirmPasswordReset'],
  'auth.login': ['login', 'auth.login'],
  'auth.logout': ['logout', 'auth.logout'],
  'auth.logoutAll': ['logout --all', 'auth.logoutAll'],
  'auth.refresh': ['auth refresh', 'auth.refresh'],
  'auth.register': ['auth register', 'auth.register'],
  'auth.requestPasswordReset': ['auth request-password-reset', 'auth.requestPasswordReset'],
  'auth.setup': ['setup', 'auth.setup'],
  'auth.verifyEmail': ['auth verify-email', 'auth.verifyEmail'],
  'backups.create': ['backups create', 'backups.create'],
  'backups.list': ['backups list', 'backups.list'],
  'carts.billingAddress.set': ['carts set-billing-address', 'carts.setBillingAddress'],
  'carts.complete': ['carts complete', 'carts.complete'],
  'carts.create': ['carts create', 'carts.create'],
  'carts.email.set': ['carts set-email', 'carts.setEmail'],
  'carts.get': ['carts get', 'carts.get'],
  'carts.items.add': ['carts add-item', 'carts.addItem'],
  'carts.items.remove': ['carts remove-item', 'carts.removeItem'],
  'carts.items.update': ['carts update-item', 'carts.updateItem'],
  'carts.mine': ['carts mine', 'carts.mine'],
  'carts.promotions.apply': ['carts apply-promotion', 'carts.applyPromotion'],
  'carts.promotions.remove': ['carts remove-promotion', 'carts.removePromotion'],
  'carts.shippingAddress.set': ['carts set-shipping-address', 'carts.setShippingAddress'],
  'carts.shippingMethod.set': ['carts set-shipping-method', 'carts.setShippingMethod'],
  'carts.shippingOptions.list': ['carts shipping-options', 'carts.shippingOptions'],
  'collections.addProduct': ['collections add-product', 'collections.addProduct'],
  'collections.create': ['collections create', 'collections.create'],
  'collections.delete': ['collections delete', 'collections.delete'],
  'collections.get': ['collections get', 'collections.get'],
  'collections.list': ['collections list', 'collections.list'],
  'collections.removeProduct': ['collections remove-product', 'collections.removeProduct'],
  'collections.update': ['collections update', 'collections.update'],
  'events.get': ['events get', 'events.get'],
  'events.list': ['events list', 'events.list'],
  'events.stream': ['events tail', 'events.stream'],
  'jobTypes.list': ['jobs types', 'jobs.types'],
  'jobs.cancel': ['jobs cancel', 'jobs.cancel'],
  'jobs.create': ['jobs run', 'jobs.create'],
  'jobs.createBatch': ['jobs run --from-file', 'jobs.enqueueMany'],
  'jobs.downloadResult': ['jobs result', 'jobs.downloadResult'],
  'jobs.get': ['jobs get', 'jobs.get'],
  'jobs.list': ['jobs list', 'jobs.list'],
  'jobs.retry': ['jobs retry', 'jobs.retry'],
  'me.addresses.create': ['addresses create', 'me.addresses.create'],
  'me.addresses.delete': ['addresses delete', 'me.addresses.delete'],
  'me.addresses.get': ['addresses get', 'me.addresses.get'],
  'me.addresses.list': ['addresses list', 'me.addresses.list'],
  'me.addresses.update': ['addresses update', 'me.addresses.update'],
  'me.changePassword': ['me change-password', 'me.changePassword'],
  'me.get': ['whoami', 'me.get'],
  'me.update': ['me update', 'me.update'],
  'media.delete': ['products media delete', 'media.delete'],
  'media.download': ['products media download', 'media.download'],
  'media.update': ['products media update', 'media.update'],
  'orders.cancel': ['orders cancel', 'orders.cancel'],
  'orders.complete': ['orders complete', 'orders.complete'],
  'orders.create': ['orders create', 'orders.create'],
  'orders.fulfill': ['orders fulfill', 'orders.fulfill'],
  'orders.get': ['orders get', 'orders.get'],
  'orders.list': ['orders list', 'orders.list'],
  'orders.payments.create': ['payments create', 'payments.create'],
  'payments.capture': ['payments capture', 'payments.capture'],
  'payments.get': ['payments get', 'payments.get'],
  'payments.list': ['payments list', 'payments.list'],
  'payments.refunds.create': ['payments refund', 'payments.refund'],
  'payments.void': ['payments void', 'payments.void'],
  'products.adjustStock': ['products adjust-stock', 'products.adjustStock'],
  'products.create': ['products create', 'products.create'],
  'products.delete': ['products archive', 'products.archive'],
  'products.get': ['products get', 'products.get'],
  'products.list': ['products list', 'products.list'],
  'products.media.list': ['products media list', 'products.media.list'],
  'products.media.upload': ['products media upload', 'products.media.upload'],
  'products.update': ['products update', 'products.update'],
  'products.variants.create': ['products variants create', 'products.variants.create'],
  'products.variants.list': ['products variants list', 'products.variants.list'],
  'promotions.create': ['promotions create', 'promotions.create'],
  'promotions.delete': ['promotions delete', 'promotions.delete'],
  'promotions.get': ['promotions get', 'promotions.get'],
  'promotions.list': ['promotions list', 'promotions.list'],
  'promotions.update': ['promotions update', 'promotions.update'],
  'queues.list': ['jobs queues', 'jobs.queues'],
  'regions.create': ['regions create', 'regions.create'],
  'regions.delete': ['regions delete', 'regions.delete'],
  'regions.get': ['regions get', 'regions.get'],
  'regions.list': ['regions list', 'regions.list'],
  'regions.update': ['regions update', 'regions.update'],
  'schedules.create': ['schedules create', 'schedules.create'],
  'schedules.delete': ['schedules delete', 'schedules.delete'],
  'schedules.get': ['schedules get', 'schedules.get'],
  'schedules.list': ['schedules list', 'schedules.list'],
  'schedules.pause': ['schedules pause', 'schedules.pause'],
  'schedules.resume': ['schedules resume', 'schedules.resume'],
  'schedules.trigger': ['schedules trigger', 'schedules.trigger'],
  'schedules.update': ['schedules update', 'schedules.update'],
  'shippingMethods.create': ['shipping-methods create', 'shippingMethods.create'],
  'shippingMethods.delete': ['shipping-methods delete', 'shippingMethods.delete'],
  'shippingMethods.get': ['shipping-methods get', 'shippingMethods.get'],
  'shippingMethods.list': ['shipping-methods list', 'shippingMethods.list'],
  'shippingMethods.update': ['shipping-methods update', 'shippingMethods.update'],
  'system.health': ['status', 'health'],
  'system.meta': ['status', 'meta.get'],
  'system.readiness': ['status', 'readiness'],
  'taxRates.create': ['tax-rates create', 'taxRates.create'],
  'taxRates.delete': ['tax-rates delete', 'taxRates.delete'],
  'taxRates.get': ['tax-rates get', 'taxRates.get'],
  'taxRates.list': ['tax-rates list', 'taxRates.list'],
  'taxRates.update': ['tax-rates update', 'taxRates.update'],
  'uploads.create': ['products media upload', 'uploads.create'],
  'users.delete': ['users delete', 'users.delete'],
  'users.get': ['users get', 'users.get'],
  'users.list': ['users list', 'users.list'],
  'users.update': ['users update', 'users.update'],
  'variants.adjustStock': ['variants adjust-stock', 'variants.adjustStock'],
  'variants.delete': ['products variants archive', 'variants.archive'],
  'variants.get': ['variants get', 'variants.get'],
  'variants.update': ['products variants update', 'variants.update'],
  'webhookDeliveries.get': ['webhooks deliveries get', 'webhookDeliveries.get'],
  'webhookDeliveries.list': ['webhooks deliveries list', 'webhookDeliveries.list'],
  'webhookDeliveries.redeliver': ['webhooks deliveries redeliver', 'webhookDeliveries.redeliver'],
  'webhookEndpoints.create': ['webhooks endpoints create', 'webhookEndpoints.create'],
  'webhookEndpoints.delete': ['webhooks endpoints delete', 'webhookEndpoints.delete'],
  'webhookEndpoints.get': ['webhooks endpoints get', 'webhookEndpoints.get'],
  'webhookEndpoints.list': ['webhooks endpoints list', 'webhookEndpoints.list'],
  'webhookEndpoints.rotateSecret': ['webhooks endpoints rotate-secret', 'webhookEndpoints.rotateSecret'],
  'webhookEndpoints.update': ['webhooks endpoints update', 'webhookEndpoints.update'],
};

/** Operations that are not for SDK or CLI users, and why. */
const NOT_FOR_CLIENTS: Record<string, string> = {
  'webhooks.stripe.receive': 'Stripe calls it with a signed event; nobody else may.',
};

let daemon: SpawnedDaemon;
let operationIds: string[];
let commands: Set<string>;

beforeAll(async () => {
  assertBuilt();
  daemon = await spawnDaemon();
  const document = (await (await fetch(`${daemon.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  operationIds = Object.values(document.paths)
    .flatMap((item) => Object.values(item).map((operation) => operation.operationId))
    .filter((id): id is string => id !== undefined)
    .sort();
  const manifest = JSON.parse(await readFile(join(CLI_ROOT, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, unknown>;
  };
  commands = new Set(Object.keys(manifest.commands).map((id) => id.replaceAll(':', ' ')));
});

afterAll(async () => {
  await daemon?.stop();
});

describe('API coverage', () => {
  it('lists every operation of the document, and only those', () => {
    expect(operationIds.length).toBeGreaterThan(100);
    expect(operationIds).toEqual([...Object.keys(COVERAGE), ...Object.keys(NOT_FOR_CLIENTS)].sort());
  });

  it('gives every operation a till command', () => {
    const missing = Object.entries(COVERAGE)
      .filter(([, [command]]) => !commands.has(command.split(' --')[0]!))
      .map(([id, [command]]) => `${id}: till ${command}`);
    expect(missing).toEqual([]);
  });

  it('gives every operation an SDK method', () => {
    const client = new Tillpoint({ baseUrl: 'http://127.0.0.1:9' });
    const missing = Object.entries(COVERAGE)
      .filter(([, [, path]]) => {
        const method = path
          .split('.')
          .reduce<unknown>((target, key) => (target as Record<string, unknown> | undefined)?.[key], client);
        return typeof method !== 'function';
      })
      .map(([id, [, path]]) => `${id}: client.${path}()`);
    expect(missing).toEqual([]);
  });
});
