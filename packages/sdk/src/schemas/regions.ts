import { z } from 'zod';
import { idSchema, labelSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { CurrencySchema } from './money.js';

export const RegionIdSchema = idSchema('reg');

/**
 * An ISO 3166-1 alpha-2 country code, e.g. `DE`; lower case is accepted and upper-cased. The shape is checked here;
 * the daemon also checks the code is an assigned country (422 `validation_failed` otherwise).
 */
export const CountryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 alpha-2 country code, e.g. "DE"')
  .transform((code) => code.toUpperCase());

/** A region's countries: 1 to 250, each once. */
const CountriesSchema = z
  .array(CountryCodeSchema)
  .min(1)
  .max(250)
  .refine((codes) => new Set(codes).size === codes.length, { message: 'must not repeat a country' });

/**
 * A market the shop sells to: a set of countries (each country in at most one region), one currency, and whether
 * its prices include tax. Tax rates and shipping methods belong to a region.
 */
export const RegionSchema = z
  .object({
    id: RegionIdSchema,
    object: z.literal('region'),
    name: z.string(),
    countries: z.array(z.string()).describe('ISO 3166-1 alpha-2 codes, in the order given'),
    currency: CurrencySchema,
    pricesIncludeTax: z.boolean().describe('Whether prices in this region already include tax'),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Region' });
export type Region = z.infer<typeof RegionSchema>;

/** `POST /v1/regions` (admin). A country already in another region is 409 `country_taken`. */
export const CreateRegionRequestSchema = z
  .strictObject({
    name: labelSchema(100),
    countries: CountriesSchema,
    currency: CurrencySchema,
    pricesIncludeTax: z.boolean().default(false),
  })
  .meta({ id: 'CreateRegionRequest' });
export type CreateRegionRequest = z.input<typeof CreateRegionRequestSchema>;

/**
 * `PATCH /v1/regions/:id` (admin). `countries` replaces the list. `currency` cannot change while the region has
 * shipping methods (their amounts are in it): 409 `region_in_use`.
 */
export const UpdateRegionRequestSchema = z
  .strictObject({
    name: labelSchema(100).optional(),
    countries: CountriesSchema.optional(),
    currency: CurrencySchema.optional(),
    pricesIncludeTax: z.boolean().optional(),
  })
  .meta({ id: 'UpdateRegionRequest' });
export type UpdateRegionRequest = z.input<typeof UpdateRegionRequestSchema>;

/** `GET /v1/regions`. */
export const ListRegionsQuerySchema = PageQuerySchema.extend({
  country: CountryCodeSchema.optional().describe('Only the region holding this country'),
}).strict();
export type ListRegionsQuery = z.input<typeof ListRegionsQuerySchema>;
