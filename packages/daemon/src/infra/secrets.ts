import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new high-entropy secret: `prefix` + 32 random bytes in base64url (256 bits).
 * Such secrets are stored as SHA-256 digests: with this much entropy a slow hash adds nothing.
 */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** Hex SHA-256, the at-rest form of tokens and API keys. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time string comparison (lengths are compared first, which leaks only the length). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
