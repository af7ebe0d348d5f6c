import {
  ChangePasswordRequestSchema,
  ListUsersQuerySchema,
  listSchema,
  UpdateMeRequestSchema,
  UpdateUserRequestSchema,
  UserIdSchema,
  UserSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { actingUserId, type Principal } from '../../core/principal.js';
import { NoContent, withProblems } from '../../http/openapi.js';
import type { UsersService } from './users-service.js';

const IdParams = z.object({ id: UserIdSchema });

/** The user a `/v1/me` call is about: the signed-in user, or the owner of the API key in use. */
function selfOf(principal: Principal): { userId: string; sessionId: string | undefined } {
  const userId = actingUserId(principal);
  if (!userId) throw new AppError('unauthenticated');
  return { userId, sessionId: principal.kind === 'user' ? principal.sessionId : undefined };
}

/** `/v1/me` (the caller's own account) and `/v1/users` (admin). */
export const usersRoutes: FastifyPluginAsyncZod<{ users: UsersService }> = async (app, { users }) => {
  app.get(
    '/v1/me',
    {
      config: { permission: 'me:read' },
      schema: {
        operationId: 'me.get',
        tags: ['me'],
        summary: 'The signed-in user',
        response: withProblems({ 200: UserSchema }),
      },
    },
    async (request) => users.get(selfOf(request.principal).userId),
  );

  app.patch(
    '/v1/me',
    {
      config: { permission: 'me:update' },
      schema: {
        operationId: 'me.update',
        tags: ['me'],
        summary: 'Update your profile',
        body: UpdateMeRequestSchema,
        response: withProblems({ 200: UserSchema }),
      },
    },
    async (request) => users.updateMe(selfOf(request.principal).userId, request.body),
  );

  app.post(
    '/v1/me/password',
    {
      config: { permission: 'me:update' },
      schema: {
        operationId: 'me.changePassword',
        tags: ['me'],
        summary: 'Change your password; signs out your other sessions',
        body: ChangePasswordRequestSchema,
        response: withProblems({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const self = selfOf(request.principal);
      await users.changePassword(self.userId, self.sessionId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/users',
    {
      config: { permission: 'users:read' },
      schema: {
        operationId: 'users.list',
        tags: ['users'],
        summary: 'List users',
        querystring: ListUsersQuerySchema,
        response: withProblems({ 200: listSchema(UserSchema) }),
      },
    },
    async (request) => users.list(request.query),
  );

  app.get(
    '/v1/users/:id',
    {
      config: { permission: 'users:read' },
      schema: {
        operationId: 'users.get',
        tags: ['users'],
        summary: 'Get a user',
        params: IdParams,
        response: withProblems({ 200: UserSchema }),
      },
    },
    async (request) => users.get(request.params.id),
  );

  app.patch(
    '/v1/users/:id',
    {
      config: { permission: 'users:update' },
      schema: {
        operationId: 'users.update',
        tags: ['users'],
        summary: 'Change a user’s name, role or disabled flag',
        params: IdParams,
        body: UpdateUserRequestSchema,
        response: withProblems({ 200: UserSchema }),
      },
    },
    async (request) => users.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/users/:id',
    {
      config: { permission: 'users:delete' },
      schema: {
        operationId: 'users.delete',
        tags: ['users'],
        summary: 'Delete a user (anonymized; their orders are kept)',
        params: IdParams,
        response: withProblems({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await users.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
