import type { Role } from '@tillpoint/sdk/schemas';

/**
 * The RBAC table: every permission a route can require, and the roles that hold it.
 * `guest` is anyone without credentials. Ownership ("a user sees only their own …") is enforced by
 * the services on top of this; this table only says who may call the route at all.
 * A test walks every registered route for every role against this table.
 */
export const PERMISSIONS = {
  'system:read': ['guest', 'user', 'admin'],
  'auth:register': ['guest', 'user', 'admin'],
  'auth:login': ['guest', 'user', 'admin'],
  'auth:refresh': ['guest', 'user', 'admin'],
  'auth:logout': ['guest', 'user', 'admin'],
  'auth:logout-all': ['user', 'admin'],
  'auth:password-reset': ['guest', 'user', 'admin'],
  'auth:verify-email': ['guest', 'user', 'admin'],
  'auth:setup': ['guest', 'user', 'admin'],
  'me:read': ['user', 'admin'],
  'me:update': ['user', 'admin'],
  'me-addresses:read': ['user', 'admin'],
  'me-addresses:write': ['user', 'admin'],
  'users:read': ['admin'],
  'users:update': ['admin'],
  'users:delete': ['admin'],
  'api-keys:create': ['user', 'admin'],
  'api-keys:read': ['user', 'admin'],
  'api-keys:revoke': ['user', 'admin'],
  'products:read': ['guest', 'user', 'admin'],
  'products:write': ['admin'],
  'collections:read': ['guest', 'user', 'admin'],
  'collections:write': ['admin'],
  'regions:read': ['guest', 'user', 'admin'],
  'regions:write': ['admin'],
  'tax-rates:read': ['admin'],
  'tax-rates:write': ['admin'],
  'shipping-methods:read': ['guest', 'user', 'admin'],
  'shipping-methods:write': ['admin'],
  'promotions:read': ['admin'],
  'promotions:write': ['admin'],
  'orders:create': ['user', 'admin'],
  'orders:read': ['user', 'admin'],
  /** One order: guests too, with the order's token (the service answers 404 without it). */
  'orders:read-one': ['guest', 'user', 'admin'],
  'orders:cancel': ['user', 'admin'],
  'orders:fulfill': ['admin'],
  /** Guests pay their order with its token (the service answers 404 without it). */
  'payments:create': ['guest', 'user', 'admin'],
  /** Carts: anyone; a guest cart needs its token, a customer's cart its customer (404 otherwise). */
  'carts:use': ['guest', 'user', 'admin'],
  'payments:read': ['user', 'admin'],
  'payments:capture': ['admin'],
  'payments:refund': ['admin'],
  'payments:void': ['admin'],
  'webhooks:receive': ['guest', 'user', 'admin'],
  'events:read': ['admin'],
  'events:stream': ['user', 'admin'],
  'jobs:read': ['admin'],
  'jobs:write': ['admin'],
  'uploads:create': ['admin'],
  'backups:read': ['admin'],
  'audit:read': ['admin'],
  'backups:create': ['admin'],
  'schedules:read': ['admin'],
  'schedules:write': ['admin'],
  'webhook-endpoints:read': ['admin'],
  'webhook-endpoints:write': ['admin'],
  'webhook-deliveries:read': ['admin'],
  'webhook-deliveries:write': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHolds(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
