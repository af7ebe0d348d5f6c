import type { ListAuditLogQuerySchema } from '@tillpoint/sdk/schemas';
import type { z } from 'zod';
import type { Principal } from '../../core/principal.js';
import { commitWork } from '../../db/commit-work.js';
import type { Database } from '../../db/database-types.js';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../infra/ids.js';
import { type AuditRow, auditRepository, toAuditEntry } from './audit-repository.js';

/** Body fields never copied into the log. */
const SECRET_FIELD = /password|secret|token|card|key$/i;

/** How deep, and how many items or fields per level, a body is kept in the log. */
const KEPT_DEPTH = 5;
const KEPT_ITEMS = 50;

/**
 * A request body as the log keeps it: objects and arrays walked, secret-looking fields replaced, and what lies deeper
 * than `KEPT_DEPTH` levels replaced by `[truncated]`: kept whole, it was neither redacted nor bounded (a body nested
 * 100,000 levels overflowed the stack when the entry was written, a 500).
 */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > KEPT_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, KEPT_ITEMS).map((item) => redactDetails(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .slice(0, KEPT_ITEMS)
      .map(([key, item]) => [key, SECRET_FIELD.test(key) ? '[redacted]' : redactDetails(item, depth + 1)]),
  );
}

/**
 * The verb of a route: its last static segment when it follows an ID (`POST /v1/schedules/:id/pause` →
 * `schedules.pause`), else create, update or delete by method (`PATCH /v1/users/:id` → `users.update`).
 */
export function actionOf(method: string, route: string): string {
  const parts = route.split('/').slice(2);
  const statics = parts.filter((part) => !part.startsWith(':'));
  const last = parts.at(-1) ?? '';
  if (parts.length > 1 && !last.startsWith(':') && parts.some((part) => part.startsWith(':')))
    return statics.join('.');
  const verb =
    { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' }[method] ?? method.toLowerCase();
  return `${statics.join('.')}.${verb}`;
}

/** What an audit entry says, before it gets an ID and a time. */
export interface AuditDraft {
  action: string;
  principal: Principal | null;
  targetId?: string | null;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  details?: unknown;
  ip?: string | null;
  requestId?: string | null;
}

export function createAuditService(deps: { db: Database; clock: Clock }) {
  const repo = auditRepository(deps.db);

  function toRow(entry: AuditDraft): AuditRow {
    const principal = entry.principal;
    return {
      id: newId('auditEntry'),
      action: entry.action,
      actor_id:
        principal?.kind === 'user'
          ? principal.userId
          : principal?.kind === 'api_key'
            ? principal.apiKeyId
            : null,
      actor_kind: principal?.kind === 'user' || principal?.kind === 'api_key' ? principal.kind : 'system',
      actor_role: principal && principal.kind !== 'anonymous' ? principal.role : null,
      target_id: entry.targetId ?? null,
      method: entry.method ?? null,
      path: entry.path ?? null,
      status: entry.status ?? null,
      details: JSON.stringify(redactDetails(entry.details ?? {}) ?? {}),
      ip: entry.ip ?? null,
      request_id: entry.requestId ?? null,
      created_at: deps.clock.now().toISOString(),
    };
  }

  return {
    async record(entry: AuditDraft): Promise<void> {
      await repo.append(toRow(entry));
    },

    /**
     * Attaches the entry to the current request's change: it is written inside the first transaction of the request
     * that commits (`db/commit-work.ts`), so a change is never without its entry, even across a crash. Returns the
     * entry's ID, or null outside a request scope.
     */
    attachToChange(entry: AuditDraft): string | null {
      const row = toRow({ ...entry, status: null });
      return commitWork.attach(repo.appendStatement(row)) ? row.id : null;
    },

    /** Fills in the status of an entry written with its change, once the answer is known. */
    async settleStatus(id: string, status: number): Promise<void> {
      await repo.settleStatus(id, status);
    },

    async list(query: z.output<typeof ListAuditLogQuerySchema>) {
      const { rows, hasMore } = await repo.list({
        action: query.action,
        actorId: query.actorId,
        targetId: query.targetId,
        limit: query.limit,
        startingAfter: query.starting_after,
      });
      return { object: 'list' as const, data: rows.map(toAuditEntry), has_more: hasMore };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
