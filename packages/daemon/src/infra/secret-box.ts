import { createCipheriv, createDecipheriv, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';

/** The secret material a box derives its keys from, newest first, each with a stable ID. */
export interface KeyMaterial {
  kid: string;
  secret: string | KeyObject;
}

/**
 * Seals secrets that must stay usable (webhook signing secrets cannot be hashed: they sign) with AES-256-GCM under
 * a key derived (HKDF-SHA256) from the daemon's key ring. The newest key seals; every key opens, so rotating the
 * ring keeps old secrets readable while the retired key stays configured.
 * Format: `v1.<kid>.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export function createSecretBox(material: KeyMaterial[]) {
  if (material.length === 0) throw new Error('a secret box needs at least one key');
  const keys = new Map(
    material.map(({ kid, secret }) => [
      kid,
      Buffer.from(hkdfSync('sha256', secret, 'tillpoint', 'secret-box v1', 32)),
    ]),
  );
  const current = material[0]!.kid;

  return {
    seal(plaintext: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.get(current)!, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', current, iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },

    /** @throws when the key is no longer configured or the box was tampered with. */
    open(sealed: string): string {
      const [version, kid, iv, tag, body] = sealed.split('.');
      const key = kid ? keys.get(kid) : undefined;
      if (version !== 'v1' || !key || !iv || !tag || body === undefined) {
        throw new Error('sealed secret uses an unknown key; keep the retired key in jwtPreviousSecrets');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
