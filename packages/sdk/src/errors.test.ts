import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PaymentFailedError,
  PermissionDeniedError,
  RateLimitError,
  TillpointError,
  TimeoutError,
  UnprocessableEntityError,
  UserAbortError,
} from './errors.js';
import { createAPIError } from './internal/error-mapping.js';

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'about:blank', title: 'Title', status, detail: `Detail ${code}`, code, ...extra });

describe('createAPIError', () => {
  const cases: [number, new (...args: never[]) => APIError, string][] = [
    [400, BadRequestError, 'bad_request'],
    [401, AuthenticationError, 'unauthenticated'],
    [402, PaymentFailedError, 'payment_failed'],
    [403, PermissionDeniedError, 'permission_denied'],
    [404, NotFoundError, 'not_found'],
    [409, ConflictError, 'conflict'],
    [422, UnprocessableEntityError, 'validation_failed'],
    [429, RateLimitError, 'rate_limited'],
    [500, InternalServerError, 'internal_error'],
    [503, InternalServerError, 'service_unavailable'],
    [418, APIError, 'teapot'],
  ];
  for (const [status, ErrorClass, code] of cases) {
    it(`maps ${status} to ${ErrorClass.name}`, () => {
      const error = createAPIError(status, problem(status, code, { requestId: 'req_1' }), {
        'x-request-id': 'req_h',
      });
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toBeInstanceOf(TillpointError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(ErrorClass.name);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.requestId).toBe('req_1');
      expect(error.message).toBe(`${status} ${code}: Detail ${code} (request req_1)`);
      expect(error.problem?.code).toBe(code);
      expect(error.headers).toEqual({ 'x-request-id': 'req_h' });
    });
  }

  it('maps the other classes exclusively', () => {
    const error = createAPIError(404, problem(404, 'not_found'), {});
    expect(error).not.toBeInstanceOf(BadRequestError);
    expect(error).not.toBeInstanceOf(InternalServerError);
    expect(error).not.toBeInstanceOf(ConnectionError);
  });

  it('carries field errors of a validation problem', () => {
    const errors = [{ path: 'items.0.quantity', message: 'must be at least 1', code: 'too_small' }];
    const error = createAPIError(422, problem(422, 'validation_failed', { errors }), {});
    expect(error.errors).toEqual(errors);
  });

  it('falls back to the X-Request-Id header and a status-derived code for non-problem bodies', () => {
    const error = createAPIError(502, '<html><body>Bad gateway</body></html>', {
      'x-request-id': 'req_proxy',
    });
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBe('internal_error');
    expect(error.requestId).toBe('req_proxy');
    expect(error.problem).toBeUndefined();
    expect(error.message).toContain('Bad gateway');
    expect(error.message).toContain('req_proxy');
  });

  it('uses message and code of a bare JSON error body', () => {
    const error = createAPIError(400, JSON.stringify({ code: 'oops', message: 'Something broke' }), {});
    expect(error.code).toBe('oops');
    expect(error.message).toBe('400 oops: Something broke');
    expect(error.requestId).toBeNull();
  });

  it('handles an empty body', () => {
    const error = createAPIError(404, '', {});
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('404 not_found: no body');
  });
});

describe('client-side errors', () => {
  it('TimeoutError is a ConnectionError, UserAbortError is not', () => {
    const timeout = new TimeoutError();
    expect(timeout).toBeInstanceOf(ConnectionError);
    expect(timeout).toBeInstanceOf(TillpointError);
    expect(timeout.code).toBe('timeout');
    expect(timeout.status).toBeUndefined();
    expect(timeout.requestId).toBeNull();
    const abort = new UserAbortError();
    expect(abort).not.toBeInstanceOf(ConnectionError);
    expect(abort.code).toBe('aborted');
    const cause = new Error('ECONNREFUSED');
    const connection = new ConnectionError('nope', { cause });
    expect(connection.cause).toBe(cause);
    expect(connection).not.toBeInstanceOf(TimeoutError);
  });

  it('recognises instances branded by another copy of the classes', () => {
    // What a CJS copy's error looks like to the ESM copy: another class chain with the same Symbol.for brands.
    const foreign = Object.create(Error.prototype) as Record<symbol, boolean>;
    for (const name of ['TillpointError', 'APIError', 'NotFoundError'])
      foreign[Symbol.for(`tillpoint.error.${name}`)] = true;
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(APIError);
    expect(foreign).toBeInstanceOf(TillpointError);
    expect(foreign).not.toBeInstanceOf(ConflictError);
    expect(new Error('plain')).not.toBeInstanceOf(TillpointError);
    expect(null).not.toBeInstanceOf(TillpointError);
  });

  it('keeps prototype instanceof for user subclasses', () => {
    class MyError extends NotFoundError {}
    const mine = new MyError('x', { status: 404 });
    expect(mine).toBeInstanceOf(MyError);
    expect(mine).toBeInstanceOf(NotFoundError);
    expect(new NotFoundError('y')).not.toBeInstanceOf(MyError);
  });
});
