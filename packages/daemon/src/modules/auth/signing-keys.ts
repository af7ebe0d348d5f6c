import { createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.js';

/**
 * One HS256 key; `kid` is derived from the secret so every node holding it agrees on the ID.
 * `key` is imported once, so signing and verifying do not import it again on every request.
 */
export interface SigningKey {
  kid: string;
  key: KeyObject;
}

/** The current key signs; every key (current and retired) verifies until its tokens expire. */
export interface SigningKeyRing {
  current: SigningKey;
  all: Map<string, SigningKey>;
}

const KEY_FILE = 'jwt-keys.json';

function keyFrom(secret: string): SigningKey {
  const kid = createHash('sha256').update(secret).digest('base64url').slice(0, 12);
  return { kid, key: createSecretKey(Buffer.from(secret, 'utf8')) };
}

/**
 * Loads the ring: from `jwtSecret` (+ `jwtPreviousSecrets`) when configured, else from
 * `<dataDir>/jwt-keys.json`, generating that file (mode 0600) on first start. A cluster must
 * configure the same secret on every node.
 */
export function loadSigningKeys(
  config: Pick<Config, 'jwtSecret' | 'jwtPreviousSecrets' | 'dataDir'>,
): SigningKeyRing {
  const secrets = config.jwtSecret
    ? [config.jwtSecret, ...(config.jwtPreviousSecrets ?? '').split(',').map((s) => s.trim())]
    : readOrCreateKeyFile(join(config.dataDir, KEY_FILE));
  const keys = secrets.filter((secret) => secret.length > 0).map(keyFrom);
  const [current] = keys;
  if (!current) throw new Error('no JWT signing key available');
  return { current, all: new Map(keys.map((key) => [key.kid, key])) };
}

function readOrCreateKeyFile(file: string): string[] {
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { secrets?: unknown };
    if (!Array.isArray(parsed.secrets) || !parsed.secrets.every((s) => typeof s === 'string')) {
      throw new Error(`${file} is malformed: expected {"secrets": ["…"]}`);
    }
    return parsed.secrets as string[];
  }
  const secrets = [randomBytes(48).toString('base64url')];
  writeFileSync(file, `${JSON.stringify({ secrets }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return secrets;
}
