import { z } from 'zod';
import { idSchema, labelSchema, PageQuerySchema, TimestampSchema } from './common.js';
import { CountryCodeSchema } from './regions.js';
import { SubdivisionCodeSchema } from './tax-rates.js';

export const AddressIdSchema = idSchema('adr');

/** Optional free text on an address line: trimmed, at most `max` characters, no control characters. */
const optionalLine = (max: number) => labelSchema(max).optional();

/**
 * A postal address, as carts, orders and the address book carry it. `countryCode` decides the region and, with
 * `subdivision`, the tax rates (shipping address first, else billing). The shape is checked here; the daemon also
 * checks that the country and subdivision are assigned ISO codes.
 */
export const AddressSchema = z
  .strictObject({
    name: labelSchema(200).describe('Recipient, as printed on the label'),
    company: optionalLine(200),
    line1: labelSchema(200).describe('Street and number'),
    line2: optionalLine(200),
    city: labelSchema(100),
    postalCode: optionalLine(20),
    subdivision: SubdivisionCodeSchema.optional().describe(
      'ISO 3166-2, e.g. US-CA; decides subdivision tax rates',
    ),
    countryCode: CountryCodeSchema.describe('ISO 3166-1 alpha-2, e.g. DE'),
    phone: optionalLine(40),
  })
  .meta({ id: 'Address' });
export type Address = z.output<typeof AddressSchema>;
export type AddressInput = z.input<typeof AddressSchema>;

/** An address in a customer's address book (`/v1/me/addresses`). */
export const SavedAddressSchema = z
  .object({
    id: AddressIdSchema,
    object: z.literal('address'),
    address: AddressSchema,
    isDefaultShipping: z.boolean(),
    isDefaultBilling: z.boolean(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'SavedAddress' });
export type SavedAddress = z.infer<typeof SavedAddressSchema>;

/** `POST /v1/me/addresses`: an address, optionally made the default for shipping and/or billing. */
export const CreateSavedAddressRequestSchema = z
  .strictObject({
    address: AddressSchema,
    isDefaultShipping: z.boolean().optional(),
    isDefaultBilling: z.boolean().optional(),
  })
  .meta({ id: 'CreateSavedAddressRequest' });
export type CreateSavedAddressRequest = z.input<typeof CreateSavedAddressRequestSchema>;

/** `PATCH /v1/me/addresses/:id`: replace the address and/or change the default flags. */
export const UpdateSavedAddressRequestSchema = z
  .strictObject({
    address: AddressSchema.optional(),
    isDefaultShipping: z.boolean().optional(),
    isDefaultBilling: z.boolean().optional(),
  })
  .meta({ id: 'UpdateSavedAddressRequest' });
export type UpdateSavedAddressRequest = z.input<typeof UpdateSavedAddressRequestSchema>;

/** The most addresses one user's address book holds; one more answers 422 `address_limit_reached`. */
export const MAX_SAVED_ADDRESSES = 50;

/** `GET /v1/me/addresses`: the page size and cursor. The defaults come first, then the newest. */
export const ListSavedAddressesQuerySchema = PageQuerySchema.strict();
export type ListSavedAddressesQuery = z.input<typeof ListSavedAddressesQuerySchema>;
