import { z } from 'zod';
import { idSchema, labelSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { TaxCategorySchema } from './products.js';
import { RegionIdSchema } from './regions.js';

export const TaxRateIdSchema = idSchema('txr');

/**
 * An ISO 3166-2 subdivision code, e.g. `US-CA`; upper-cased. The daemon checks it is a real subdivision of one of
 * the region's countries (422 `validation_failed` otherwise).
 */
export const SubdivisionCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, 'must be an ISO 3166-2 code such as "US-CA"')
  .transform((code) => code.toUpperCase());

/** A rate in basis points: 2000 = 20 %, 0 to 100 000 (1000 %). */
export const BasisPointsSchema = z
  .number()
  .int('must be a whole number of basis points (2000 = 20 %)')
  .min(0)
  .max(100_000);

/**
 * A tax rate of a region, optionally only for one subdivision and/or one tax category (a variant's
 * `taxCategory`; none = the default rate). Rates do not add up: the most specific one wins (subdivision before
 * region, category before default).
 */
export const TaxRateSchema = z
  .object({
    id: TaxRateIdSchema,
    object: z.literal('tax_rate'),
    regionId: RegionIdSchema,
    name: z.string().describe('What invoices call it, e.g. "VAT"'),
    subdivision: z.string().nullable().describe('ISO 3166-2 code; null = the whole region'),
    taxCategory: z.string().nullable().describe('null = the default rate for variants without a category'),
    rateBps: z.number().int().describe('Basis points: 2000 = 20 %'),
    appliesToShipping: z.boolean().describe('Whether shipping is taxed at this rate'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'TaxRate' });
export type TaxRate = z.infer<typeof TaxRateSchema>;

/**
 * `POST /v1/tax-rates` (admin). One rate per region, subdivision and category: another is 409 `tax_rate_taken`.
 */
export const CreateTaxRateRequestSchema = z
  .strictObject({
    regionId: RegionIdSchema,
    name: labelSchema(100),
    subdivision: SubdivisionCodeSchema.nullable().default(null),
    taxCategory: TaxCategorySchema.nullable().default(null),
    rateBps: BasisPointsSchema,
    appliesToShipping: z.boolean().default(false),
  })
  .meta({ id: 'CreateTaxRateRequest' });
export type CreateTaxRateRequest = z.input<typeof CreateTaxRateRequestSchema>;

/** `PATCH /v1/tax-rates/:id` (admin). The region stays. */
export const UpdateTaxRateRequestSchema = z
  .strictObject({
    name: labelSchema(100).optional(),
    subdivision: SubdivisionCodeSchema.nullable().optional(),
    taxCategory: TaxCategorySchema.nullable().optional(),
    rateBps: BasisPointsSchema.optional(),
    appliesToShipping: z.boolean().optional(),
  })
  .meta({ id: 'UpdateTaxRateRequest' });
export type UpdateTaxRateRequest = z.input<typeof UpdateTaxRateRequestSchema>;

/** `GET /v1/tax-rates` (admin). */
export const ListTaxRatesQuerySchema = PageQuerySchema.extend({
  regionId: RegionIdSchema.optional(),
}).strict();
export type ListTaxRatesQuery = z.input<typeof ListTaxRatesQuerySchema>;
