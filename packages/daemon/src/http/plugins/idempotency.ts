import { PROBLEM_CONTENT_TYPE } from '@tillpoint/sdk/schemas';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/app-error.js';
import type { Database, Executor } from '../../db/database-types.js';
import { type Clock, isoAfter } from '../../infra/clock.js';
import { sha256Hex } from '../../infra/secrets.js';
import { idempotencyRepository } from '../../modules/idempotency/idempotency-repository.js';
import { rateLimitKeyOf } from './rate-limits.js';

/** Stored responses are replayed for 24 hours, as Stripe does. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** Whether a route honours `Idempotency-Key`: every POST, unless its config opts out. */
export function honoursIdempotencyKey(method: string, config: { idempotent?: unknown } | undefined): boolean {
  return method.toUpperCase() === 'POST' && config?.idempotent !== false;
}

/** The `Idempotency-Key` header's JSON schema, as the OpenAPI document declares it where it is honoured. */
export const IDEMPOTENCY_KEY_HEADER_SCHEMA = {
  type: 'string',
  pattern: KEY_FORMAT.source,
  description:
    `Makes a retry safe: the first answer to a key is stored for ${IDEMPOTENCY_TTL_SECONDS / 3600} hours (per caller ` +
    'and path) and replayed, with `Idempotent-Replayed: true`, for the same key and body. The same key with another ' +
    'body is `422 idempotency_mismatch`; one still being answered is `409 idempotency_in_flight`.',
} as const;

/** What a route hands its service so the idempotency record commits in the same transaction as the effect. */
export interface IdempotencyHandle {
  /** A hook for the service's transaction: stores `result` as the response with this status. */
  commitWith(status: number): (trx: Executor, result: unknown) => Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: IdempotencyHandle | null;
    /**
     * On `idempotent: 'after-body'` routes sent an `Idempotency-Key`: starts idempotency with a fingerprint of the
     * body the route has read. Resolves true when the stored response of an earlier request was sent (the route
     * stops there); otherwise `request.idempotency` is set. Throws `idempotency_in_flight` or
     * `idempotency_mismatch` as the other routes do before their handler.
     */
    beginIdempotency: ((fingerprint: string) => Promise<boolean>) | null;
  }
  interface FastifyContextConfig {
    /**
     * false for routes whose responses hold secrets (tokens, API keys): they are never stored. 'after-body' for
     * routes that stream their body (multipart uploads): there is nothing to fingerprint before the handler reads
     * it, so the handler calls `request.beginIdempotency` with a fingerprint of what it read.
     */
    idempotent?: boolean | 'after-body';
  }
}

/**
 * `Idempotency-Key` on POST, with Stripe's semantics: the first response (status and body) is
 * stored for 24 h per caller and route and replayed for the same key; the same key with another
 * body gets 422, and one still running gets 409. Routes that change data pass
 * `request.idempotency.commitWith(status)` into their service, so the record commits with the effect;
 * otherwise it is stored when the response is sent. Server errors are not stored, so a retry can succeed.
 * Streamed bodies are fingerprinted by their route once read (`idempotent: 'after-body'`).
 */
export function registerIdempotency(app: FastifyInstance, deps: { db: Database; clock: Clock }) {
  app.decorateRequest('idempotency', null);
  app.decorateRequest('beginIdempotency', null);
  const pending = new WeakMap<object, { id: string; stored: boolean }>();

  /** Records the key (or finds it); true when a stored response was sent instead. */
  async function begin(request: FastifyRequest, reply: FastifyReply, key: string, fingerprint: string) {
    const path = request.url.split('?')[0];
    const scope = `${rateLimitKeyOf(request)} POST ${path}`;
    const now = deps.clock.now();
    const outcome = await idempotencyRepository(deps.db).begin(
      scope,
      key,
      fingerprint,
      now,
      isoAfter(now, IDEMPOTENCY_TTL_SECONDS),
    );
    if (outcome.kind === 'in_flight') throw new AppError('idempotency_in_flight');
    if (outcome.kind === 'mismatch') throw new AppError('idempotency_mismatch');
    if (outcome.kind === 'replay') {
      reply
        .status(outcome.status)
        .header('idempotent-replayed', 'true')
        .type(outcome.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json; charset=utf-8')
        .serializer((payload) => payload as string)
        .send(outcome.body);
      return true;
    }
    const state = { id: outcome.id, stored: false };
    pending.set(request, state);
    request.idempotency = {
      commitWith: (status) => async (trx, result) => {
        await idempotencyRepository(trx).complete(state.id, status, JSON.stringify(result));
        state.stored = true;
      },
    };
    return false;
  }

  // Callback style: most requests carry no key and wait for nothing here (ADR-063). A replayed answer is sent by
  // `begin`, and then the chain stops: `done` is not called.
  app.addHook('preHandler', (request, reply, done) => {
    const mode = request.routeOptions.config.idempotent;
    if (!honoursIdempotencyKey(request.method, request.routeOptions.config)) return done();
    const key = request.headers['idempotency-key'];
    if (key === undefined) return done();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      throw new AppError('bad_request', {
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters.',
      });
    }
    if (mode === 'after-body') {
      request.beginIdempotency = (fingerprint) => begin(request, reply, key, fingerprint);
      return done();
    }
    begin(request, reply, key, sha256Hex(JSON.stringify(request.body ?? null))).then(
      (answered) => (answered ? undefined : done()),
      done,
    );
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const state = pending.get(request);
    // Stored by the service's transaction, unless that transaction failed after storing (then the error is stored).
    if (!state || (state.stored && reply.statusCode < 400)) return done(null, payload);
    const repository = idempotencyRepository(deps.db);
    const stored =
      reply.statusCode >= 500
        ? repository.abandon(state.id)
        : repository.complete(state.id, reply.statusCode, typeof payload === 'string' ? payload : '');
    stored.then(() => {
      state.stored = true;
      done(null, payload);
    }, done);
  });
}
