import type { Address, FieldError } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';
import { regionCodes } from '../regions/region-codes.js';

/**
 * Throws 422 `validation_failed` unless the address's country is an assigned ISO 3166-1 alpha-2 code and its
 * subdivision (when given) is an ISO 3166-2 subdivision of that country. `field` is the address's path in the
 * request (`body.address`); the errors name `<field>.countryCode` or `<field>.subdivision`.
 */
export async function assertAddressCodes(address: Address, field: string): Promise<void> {
  const { isCountryCode, isSubdivisionOf } = await regionCodes();
  const errors: FieldError[] = [];
  if (!isCountryCode(address.countryCode)) {
    errors.push({
      path: `${field}.countryCode`,
      message: `${address.countryCode} is not an ISO 3166-1 alpha-2 country code`,
      code: 'invalid_country',
    });
  } else if (
    address.subdivision !== undefined &&
    !isSubdivisionOf(address.subdivision, [address.countryCode])
  ) {
    errors.push({
      path: `${field}.subdivision`,
      message: `${address.subdivision} is not an ISO 3166-2 subdivision of ${address.countryCode}`,
      code: 'invalid_subdivision',
    });
  }
  if (errors.length > 0) throw new AppError('validation_failed', { errors });
}
