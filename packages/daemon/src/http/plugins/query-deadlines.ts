import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Config } from '../../config.js';
import { queryDeadlines } from '../../db/query-deadlines.js';

/**
 * Every database query an API request makes gets the short client-side deadline `pgQueryTimeoutMs`, so a database
 * that stops answering turns into a 503 within seconds instead of a request that hangs (jobs and migrations keep
 * the long default). Callback-style hooks: the rest of the request runs inside the scope only when `done` is
 * called from within it.
 */
export function registerQueryDeadlines(app: FastifyInstance, config: Pick<Config, 'pgQueryTimeoutMs'>) {
  const enter = (_request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) =>
    queryDeadlines.within(config.pgQueryTimeoutMs, done);
  app.addHook('onRequest', enter);
  // A body is parsed in the socket's async context, which has no scope: enter it again for the handler.
  app.addHook('preHandler', enter);
}
