import {
  CreateTaxRateRequestSchema,
  ListTaxRatesQuerySchema,
  listSchema,
  TaxRateIdSchema,
  TaxRateSchema,
  UpdateTaxRateRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblems } from '../../http/openapi.js';
import type { TaxRatesService } from './tax-rates-service.js';

const Params = z.object({ id: TaxRateIdSchema });
const tags = ['tax-rates'];

/** `/v1/tax-rates`: admins only (carts apply them; nobody else needs to read the table). */
export const taxRatesRoutes: FastifyPluginAsyncZod<{ taxRates: TaxRatesService }> = async (
  app,
  { taxRates },
) => {
  app.get(
    '/v1/tax-rates',
    {
      config: { permission: 'tax-rates:read' },
      schema: {
        tags,
        operationId: 'taxRates.list',

        summary: 'List tax rates',
        querystring: ListTaxRatesQuerySchema,
        response: withProblems({ 200: listSchema(TaxRateSchema) }),
      },
    },
    async (request) => taxRates.list(request.query),
  );

  app.post(
    '/v1/tax-rates',
    {
      config: { permission: 'tax-rates:write' },
      schema: {
        tags,
        operationId: 'taxRates.create',

        summary: 'Create a tax rate',
        body: CreateTaxRateRequestSchema,
        response: withProblems({ 201: TaxRateSchema }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await taxRates.create(request.body, request.idempotency?.commitWith(201))),
  );

  app.get(
    '/v1/tax-rates/:id',
    {
      config: { permission: 'tax-rates:read' },
      schema: {
        tags,
        operationId: 'taxRates.get',

        summary: 'Get a tax rate',
        params: Params,
        response: withProblems({ 200: TaxRateSchema }),
      },
    },
    async (request) => taxRates.get(request.params.id),
  );

  app.patch(
    '/v1/tax-rates/:id',
    {
      config: { permission: 'tax-rates:write' },
      schema: {
        tags,
        operationId: 'taxRates.update',

        summary: 'Update a tax rate',
        params: Params,
        body: UpdateTaxRateRequestSchema,
        response: withProblems({ 200: TaxRateSchema }),
      },
    },
    async (request) => taxRates.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/tax-rates/:id',
    {
      config: { permission: 'tax-rates:write' },
      schema: {
        tags,
        operationId: 'taxRates.delete',

        summary: 'Delete a tax rate',
        params: Params,
        response: withProblems({ 200: TaxRateSchema }),
      },
    },
    async (request) => taxRates.remove(request.params.id),
  );
};
