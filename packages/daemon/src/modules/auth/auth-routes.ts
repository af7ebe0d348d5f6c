import {
  AcceptedSchema,
  AuthSessionSchema,
  LoginRequestSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  SetupRequestSchema,
  UserSchema,
  VerifyEmailRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { NoContent, withProblems } from '../../http/openapi.js';
import { createAuthBudget } from '../../http/plugins/rate-limits.js';
import { clearSessionCookies, REFRESH_COOKIE, setSessionCookies } from './auth-cookies.js';
import type { AuthService, RequestContext } from './auth-service.js';

function contextOf(request: FastifyRequest): RequestContext {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

/**
 * The guest cart a sign-in may carry for `onSignIn` to merge, besides its `tp_cart_<id>` cookie: documented, and
 * bounded (the longest real ID and token are under 60 characters).
 */
const SignInCartHeaders = z.looseObject({
  'x-cart-id': z
    .string()
    .max(200)
    .optional()
    .describe("A guest cart to merge into the customer's open cart (or adopt), with `X-Cart-Token`"),
  'x-cart-token': z.string().max(200).optional().describe("That guest cart's token (from POST /v1/carts)"),
});

/** `/v1/auth/*`: sign-up, email verification, sign-in, token refresh, sign-out, password reset and first-admin setup. */
export const authRoutes: FastifyPluginAsyncZod<{
  auth: AuthService;
  config: Config;
  /**
   * Called after a successful sign-in (login, setup) with the request and the user: the composition root merges the
   * guest cart the request names into the customer's cart (carts' intent export), so auth never reads carts.
   */
  onSignIn?: (request: FastifyRequest, userId: string, reply: FastifyReply) => Promise<void>;
}> = async (app, { auth, config, onSignIn }) => {
  // One budget for all of them: see createAuthBudget.
  const authBudget = createAuthBudget(app, config);
  const tags = ['auth'];

  app.post(
    '/v1/auth/register',
    {
      config: { idempotent: false, permission: 'auth:register', rateLimit: false },
      onRequest: authBudget,
      schema: {
        operationId: 'auth.register',
        tags,
        summary:
          'Create an account (answers 202 whether or not the email has one; the owner learns which by email). Sign in afterwards',
        body: RegisterRequestSchema,
        response: withProblems({ 202: AcceptedSchema }),
      },
    },
    async (request, reply) => {
      await auth.register(request.body);
      return reply.status(202).send({ status: 'accepted' });
    },
  );

  app.post(
    '/v1/auth/verify-email',
    {
      config: { idempotent: false, permission: 'auth:verify-email', rateLimit: false },
      onRequest: authBudget,
      schema: {
        operationId: 'auth.verifyEmail',
        tags,
        summary: "Verify an account's email with the token from the verification email",
        body: VerifyEmailRequestSchema,
        response: withProblems({ 200: UserSchema }),
      },
    },
    async (request) => auth.verifyEmail(request.body.token),
  );

  app.post(
    '/v1/auth/login',
    {
      config: { idempotent: false, permission: 'auth:login', rateLimit: false },
      onRequest: authBudget,
      schema: {
        operationId: 'auth.login',
        tags,
        summary: 'Sign in with email and password; merges the guest cart the request carries',
        headers: SignInCartHeaders,
        body: LoginRequestSchema,
        response: withProblems({ 200: AuthSessionSchema }),
      },
    },
    async (request, reply) => {
      const session = await auth.login(request.body, contextOf(request));
      await onSignIn?.(request, session.user.id, reply);
      setSessionCookies(reply, session, config);
      return session;
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      config: { idempotent: false, permission: 'auth:refresh', rateLimit: false },
      onRequest: authBudget,
      schema: {
        operationId: 'auth.refresh',
        tags,
        summary: 'Exchange a refresh token (body or cookie) for new tokens; the old one stops working',
        body: RefreshRequestSchema.nullish(),
        response: withProblems({ 200: AuthSessionSchema }),
      },
    },
    async (request, reply) => {
      const session = await auth.refresh(request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE]);
      setSessionCookies(reply, session, config);
      return session;
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      config: { idempotent: false, permission: 'auth:logout' },
      schema: {
        operationId: 'auth.logout',
        tags,
        summary: 'End this session (all tokens of its refresh family)',
        body: RefreshRequestSchema.nullish(),
        response: withProblems({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await auth.logout(request.body?.refreshToken ?? request.cookies[REFRESH_COOKIE], request.principal);
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/logout-all',
    {
      config: { idempotent: false, permission: 'auth:logout-all' },
      schema: {
        operationId: 'auth.logoutAll',
        tags,
        summary: 'End every session of the signed-in user',
        response: withProblems({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const { principal } = request;
      if (principal.kind !== 'anonymous' && principal.userId) await auth.logoutAll(principal.userId);
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/password-reset',
    {
      config: { idempotent: false, permission: 'auth:password-reset', rateLimit: false },
      onRequest: authBudget,
      schema: {
        operationId: 'auth.requestPasswordReset',
        tags,
        summary: 'Email a one-time reset token (answers 202 whether or not the account exists)',
        body: PasswordResetRequestSchema,
        response: withProblems({ 202: AcceptedSchema }),
      },
    },
    async (request, reply) => {
      await auth.requestPasswordReset(request.body.email);
      return reply.status(202).send({ status: 'accepted' });
    },
  );

  app.post(
    '/v1/auth/password-reset/confirm',
    {
      config: { idempotent: false, permission: 'auth:password-reset', rateLimit: false },
      onRequest: authBudget,
      schema: {
        operationId: 'auth.confirmPasswordReset',
        tags,
        summary: 'Set a new password with a reset token; signs out every session',
        body: PasswordResetConfirmSchema,
        response: withProblems({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await auth.confirmPasswordReset(request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/setup',
    {
      config: { idempotent: false, permission: 'auth:setup', rateLimit: false },
      onRequest: authBudget,
      schema: {
        operationId: 'auth.setup',
        tags,
        summary: 'Create the first admin with the one-time setup token printed on first start',
        body: SetupRequestSchema,
        response: withProblems({ 201: AuthSessionSchema }),
      },
    },
    async (request, reply) => {
      const session = await auth.setup(request.body, contextOf(request));
      setSessionCookies(reply, session, config);
      return reply.status(201).send(session);
    },
  );
};
