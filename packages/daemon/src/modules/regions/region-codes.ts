import type { FieldError } from '@tillpoint/sdk/schemas';
import { AppError } from '../../core/app-error.js';

/** The code lists, as sets: assigned ISO 3166-1 alpha-2 countries and ISO 3166-2 subdivisions (`US-CA`, `GB-BFS`). */
export interface RegionCodes {
  /** Whether `code` (upper case) is an assigned ISO 3166-1 alpha-2 country. */
  isCountryCode(code: string): boolean;
  /** Whether `code` (upper case) is an ISO 3166-2 subdivision of one of `countries`. */
  isSubdivisionOf(code: string, countries: readonly string[]): boolean;
}

let loading: Promise<RegionCodes> | undefined;

/**
 * The lists from the `iso-3166` package (kept current with the ISO maintenance agency), imported on first use: its
 * 5,000 subdivisions cost tens of milliseconds and a few MB at start-up, for the few requests that set an address,
 * a region or a tax rate.
 */
export function regionCodes(): Promise<RegionCodes> {
  loading ??= import('iso-3166').then(({ iso31661, iso31662 }) => {
    const countries = new Set(iso31661.map((country) => country.alpha2));
    const subdivisions = new Set(iso31662.map((subdivision) => subdivision.code));
    return {
      isCountryCode: (code) => countries.has(code),
      isSubdivisionOf: (code, of) => subdivisions.has(code) && of.includes(code.slice(0, 2)),
    };
  });
  return loading;
}

/** Throws 422 `validation_failed` naming each code (at `<field>.<index>`) that is not an assigned country. */
export async function assertCountryCodes(codes: readonly string[], field: string): Promise<void> {
  const { isCountryCode } = await regionCodes();
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
export async function assertSubdivision(
  code: string,
  countries: readonly string[],
  field: string,
): Promise<void> {
  if ((await regionCodes()).isSubdivisionOf(code, countries)) return;
  const message = !countries.includes(code.slice(0, 2))
    ? `${code} does not start with one of the region's countries (${countries.join(', ')})`
    : `${code} is not an ISO 3166-2 subdivision code`;
  throw new AppError('validation_failed', {
    errors: [{ path: field, message, code: 'invalid_subdivision' }],
  });
}
