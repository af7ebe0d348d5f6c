import type { FieldError } from '@tillpoint/sdk/schemas';
import { iso31661, iso31662 } from 'iso-3166';
import { AppError } from '../../core/app-error.js';

/** Assigned ISO 3166-1 alpha-2 codes, from the `iso-3166` package (kept current with the ISO maintenance agency). */
const COUNTRIES = new Set(iso31661.map((country) => country.alpha2));
/** ISO 3166-2 subdivision codes (`US-CA`, `GB-BFS`, …). */
const SUBDIVISIONS = new Set(iso31662.map((subdivision) => subdivision.code));

/** Whether `code` (upper case) is an assigned ISO 3166-1 alpha-2 country. */
export function isCountryCode(code: string): boolean {
  return COUNTRIES.has(code);
}

/** Whether `code` (upper case) is an ISO 3166-2 subdivision of one of `countries`. */
export function isSubdivisionOf(code: string, countries: readonly string[]): boolean {
  return SUBDIVISIONS.has(code) && countries.includes(code.slice(0, 2));
}

/** Throws 422 `validation_failed` naming each code (at `<field>.<index>`) that is not an assigned country. */
export function assertCountryCodes(codes: readonly string[], field: string): void {
  const errors: FieldError[] = codes.flatMap((code, i) =>
    isCountryCode(code)
      ? []
      : [
          {
            path: `${field}.${i}`,
            message: `${code} is not an ISO 3166-1 alpha-2 country code`,
            code: 'invalid_country',
          },
        ],
  );
  if (errors.length > 0) throw new AppError('validation_failed', { errors });
}

/**
 * Throws 422 `validation_failed` unless `code` is an ISO 3166-2 subdivision of one of the region's countries (it
 * must start with that country's code, e.g. `US-CA` for `US`).
 */
export function assertSubdivision(code: string, countries: readonly string[], field: string): void {
  if (isSubdivisionOf(code, countries)) return;
  const message = !countries.includes(code.slice(0, 2))
    ? `${code} does not start with one of the region's countries (${countries.join(', ')})`
    : `${code} is not an ISO 3166-2 subdivision code`;
  throw new AppError('validation_failed', {
    errors: [{ path: field, message, code: 'invalid_subdivision' }],
  });
}
