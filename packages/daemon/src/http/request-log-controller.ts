import type { FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';

/**
 * One log line per request, written when it completes: method, path, principal, status and latency,
 * labelled with the request ID. Fastify's default two lines (incoming + completed) with full headers are dropped;
 * headers may carry credentials and the access log does not need them.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const principal = request.principal;
    const line = {
      method: request.method,
      url: request.url,
      // Who: the user or API key ID (never a credential); guest for anonymous calls.
      principal:
        principal?.kind === 'user'
          ? principal.userId
          : principal?.kind === 'api_key'
            ? principal.apiKeyId
            : 'guest',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
