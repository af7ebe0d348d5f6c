/**
 * The Tillpoint API contract: one zod schema per concept. The daemon validates with these and
 * generates its OpenAPI document from them; the client's types are `z.infer` of them.
 * This subpath (`@tillpoint/sdk/schemas`) has no transport code, so the daemon can import it alone.
 */
export * from './addresses.js';
export * from './api-keys.js';
export * from './audit.js';
export * from './auth.js';
export * from './backups.js';
export * from './carts.js';
export * from './collections.js';
export * from './common.js';
export * from './events.js';
export * from './jobs.js';
export * from './media.js';
export * from './meta.js';
export * from './money.js';
export * from './orders.js';
export * from './payments.js';
export * from './problem.js';
export * from './products.js';
export * from './promotions.js';
export * from './regions.js';
export * from './schedules.js';
export * from './shipping-methods.js';
export * from './tax-rates.js';
export * from './uploads.js';
export * from './users.js';
export * from './webhooks.js';
