import { PROBLEM_CONTENT_TYPE } from '@tillpoint/sdk/schemas';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database-types.js';
import type { Logger } from '../infra/logger.js';
import { systemRoutes } from '../modules/system/system-routes.js';
import { createSystemService } from '../modules/system/system-service.js';
import { AppError } from './errors/app-error.js';
import { handleError, problemBody } from './errors/problem-handler.js';
import { registerOpenApi } from './openapi.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
import { RequestLogController } from './request-log-controller.js';
import { createRouteTable } from './route-table.js';

export interface HttpAppDeps {
  config: Pick<Config, 'bodyLimit' | 'trustProxy'>;
  logger: Logger;
  database: DatabaseHandle;
}

/**
 * Builds the Fastify app with every plugin and route, not yet listening. Tests call `inject()` on
 * it directly; `serve` calls `listen()`.
 */
export async function buildHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => requestIdFor(req.headers),
    logController: new RequestLogController(),
    bodyLimit: deps.config.bodyLimit,
    trustProxy: deps.config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Raw HTTP parse errors (oversized headers, garbage) never reach routing: answer them as problem+json too.
    clientErrorHandler: (error, socket) => {
      const tooLarge = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW';
      const body = JSON.stringify(problemBody(tooLarge ? 'header_too_large' : 'bad_request', undefined));
      const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  const routeTable = createRouteTable(app);
  app.setNotFoundHandler((request) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = routeTable.allowedMethods(path);
    if (allowed.length > 0)
      throw new AppError('method_not_allowed', { headers: { allow: allowed.join(', ') } });
    throw new AppError('not_found', { detail: `No route for ${request.method} ${path}.` });
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  await registerOpenApi(app);
  await app.register(systemRoutes, { system: createSystemService(deps.database) });
  return app;
}
