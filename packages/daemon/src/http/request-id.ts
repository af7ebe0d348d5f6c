import { newId } from '../infra/ids.js';

/** A client-sent request ID is kept only if it is short and plain enough to log and echo safely. */
export const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** Fastify `genReqId`: reuse a well-formed `X-Request-Id` from the client, else mint `req_<ulid>`. */
export function requestIdFor(headers: Record<string, string | string[] | undefined>): string {
  const sent = headers[REQUEST_ID_HEADER];
  if (typeof sent === 'string' && WELL_FORMED_REQUEST_ID.test(sent)) return sent;
  return newId('request');
}
