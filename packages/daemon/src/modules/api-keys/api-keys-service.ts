import type {
  ApiKey,
  ApiKeyCreated,
  CreateApiKeyRequestSchema,
  ListApiKeysQuerySchema,
} from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { actingUserId, type Principal, ROLE_RANK } from '../../core/principal.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { newSecret, sha256Hex } from '../../infra/secrets.js';
import { type ApiKeyRow, type ApiKeysRepository, toApiKey } from './api-keys-repository.js';

/** Secrets start with this, so they are recognisable in config files and by secret scanners. */
export const API_KEY_PREFIX = 'tp_';
/** How many characters of the secret are kept in clear for listing. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** `last_used_at` is written at most this often per key, so authentication is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export function createApiKeysService(deps: { apiKeys: ApiKeysRepository; clock: Clock }) {
  const { apiKeys, clock } = deps;

  /** Admins see every key; everyone else only keys they own. Others' keys are "not found", not "forbidden". */
  async function visible(principal: Principal, id: string): Promise<ApiKeyRow> {
    const row = await apiKeys.findById(id);
    if (!row || (principal.role !== 'admin' && row.owner_id !== actingUserId(principal))) {
      throw new AppError('not_found', { detail: `No API key ${id}.` });
    }
    return row;
  }

  return {
    async create(
      principal: Principal,
      input: z.output<typeof CreateApiKeyRequestSchema>,
    ): Promise<ApiKeyCreated> {
      const role = input.role ?? principal.role;
      if (ROLE_RANK[role] > ROLE_RANK[principal.role]) {
        throw new AppError('permission_denied', {
          detail: `A key's role cannot exceed yours (${principal.role}).`,
        });
      }
      const now = clock.now();
      if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime()) {
        throw new AppError('validation_failed', {
          errors: [{ path: 'body.expiresAt', message: 'must be in the future', code: 'too_small' }],
        });
      }
      const secret = newSecret(API_KEY_PREFIX);
      const row: ApiKeyRow = {
        id: newId('apiKey'),
        owner_id: actingUserId(principal),
        name: input.name,
        role,
        prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
        secret_hash: sha256Hex(secret),
        created_at: now.toISOString(),
        expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
        last_used_at: null,
        revoked_at: null,
      };
      await apiKeys.insert(row);
      return { ...toApiKey(row), secret };
    },

    async list(principal: Principal, query: z.output<typeof ListApiKeysQuerySchema>) {
      const { rows, hasMore } = await apiKeys.list({
        ownerId: principal.role === 'admin' ? undefined : (actingUserId(principal) ?? '-'),
        includeRevoked: query.includeRevoked ?? false,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toApiKey), has_more: hasMore };
    },

    async get(principal: Principal, id: string): Promise<ApiKey> {
      return toApiKey(await visible(principal, id));
    },

    async revoke(principal: Principal, id: string): Promise<ApiKey> {
      await visible(principal, id);
      await apiKeys.revoke(id, clock.now().toISOString());
      return toApiKey((await apiKeys.findById(id))!);
    },

    /** The principal for a presented secret, or null if it is unknown, revoked, expired or its owner is disabled. */
    async principalForSecret(secret: string): Promise<Principal | null> {
      if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return null;
      const row = await apiKeys.findBySecretHash(sha256Hex(secret));
      const now = clock.now();
      if (!row || row.revoked_at || row.owner_disabled_at || row.owner_deleted_at) return null;
      if (row.expires_at && row.expires_at <= now.toISOString()) return null;
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
        await apiKeys.touch(row.id, now.toISOString());
      }
      // A key never outranks its owner as they are now: demoting a user demotes their keys at once.
      const role =
        row.owner_role && ROLE_RANK[row.owner_role] < ROLE_RANK[row.role] ? row.owner_role : row.role;
      return { kind: 'api_key', role, userId: row.owner_id, apiKeyId: row.id };
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
