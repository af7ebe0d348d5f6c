import {
  AddressIdSchema,
  CreateSavedAddressRequestSchema,
  ListSavedAddressesQuerySchema,
  listSchema,
  SavedAddressSchema,
  UpdateSavedAddressRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { actingUserId, type Principal } from '../../core/principal.js';
import { withProblems } from '../../http/openapi.js';
import type { AddressesService } from './addresses-service.js';

const Params = z.object({ id: AddressIdSchema });
const tags = ['me'];

/** The user whose address book a call is about: the signed-in user, or the owner of the API key in use. */
function ownerOf(principal: Principal): string {
  const userId = actingUserId(principal);
  if (!userId) throw new AppError('unauthenticated');
  return userId;
}

/** `/v1/me/addresses`: the caller's own address book. */
export const addressesRoutes: FastifyPluginAsyncZod<{ addresses: AddressesService }> = async (
  app,
  { addresses },
) => {
  app.get(
    '/v1/me/addresses',
    {
      config: { permission: 'me-addresses:read' },
      schema: {
        operationId: 'me.addresses.list',
        tags,
        summary: 'List your saved addresses (defaults first, then the newest)',
        querystring: ListSavedAddressesQuerySchema,
        response: withProblems({ 200: listSchema(SavedAddressSchema) }),
      },
    },
    async (request) => addresses.list(ownerOf(request.principal), request.query),
  );

  app.post(
    '/v1/me/addresses',
    {
      config: { permission: 'me-addresses:write' },
      schema: {
        operationId: 'me.addresses.create',
        tags,
        summary: 'Save an address (the first becomes the default shipping and billing address)',
        body: CreateSavedAddressRequestSchema,
        response: withProblems({ 201: SavedAddressSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addresses.create(
            ownerOf(request.principal),
            request.body,
            request.idempotency?.commitWith(201),
          ),
        ),
  );

  app.get(
    '/v1/me/addresses/:id',
    {
      config: { permission: 'me-addresses:read' },
      schema: {
        operationId: 'me.addresses.get',
        tags,
        summary: 'Get one of your saved addresses',
        params: Params,
        response: withProblems({ 200: SavedAddressSchema }),
      },
    },
    async (request) => addresses.get(ownerOf(request.principal), request.params.id),
  );

  app.patch(
    '/v1/me/addresses/:id',
    {
      config: { permission: 'me-addresses:write' },
      schema: {
        operationId: 'me.addresses.update',
        tags,
        summary: 'Replace a saved address or change its default flags',
        params: Params,
        body: UpdateSavedAddressRequestSchema,
        response: withProblems({ 200: SavedAddressSchema }),
      },
    },
    async (request) => addresses.update(ownerOf(request.principal), request.params.id, request.body),
  );

  app.delete(
    '/v1/me/addresses/:id',
    {
      config: { permission: 'me-addresses:write' },
      schema: {
        operationId: 'me.addresses.delete',
        tags,
        summary: 'Delete a saved address (a deleted default leaves no default)',
        params: Params,
        response: withProblems({ 200: SavedAddressSchema }),
      },
    },
    async (request) => addresses.remove(ownerOf(request.principal), request.params.id),
  );
};
