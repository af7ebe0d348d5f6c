import { Flags } from '@oclif/core';
import type { Address, AddressInput } from '@tillpoint/sdk';
import { CliFailure, EXIT } from '../output/describe-error.js';

/** The optional address fields that `till addresses update --clear <field>` can remove. */
const CLEARABLE = {
  company: 'company',
  line2: 'line2',
  'postal-code': 'postalCode',
  subdivision: 'subdivision',
  phone: 'phone',
} as const;

/** One flag per address field; `required` marks those a new address needs. */
export function addressFlags(required: boolean) {
  return {
    name: Flags.string({ description: 'Recipient, as printed on the label.', helpValue: '<name>', required }),
    company: Flags.string({ description: 'Company.', helpValue: '<company>' }),
    line1: Flags.string({ description: 'Street and number.', helpValue: '<street>', required }),
    line2: Flags.string({ description: 'Second address line (flat, floor, suite).', helpValue: '<text>' }),
    city: Flags.string({ description: 'City.', helpValue: '<city>', required }),
    'postal-code': Flags.string({ description: 'Postal code.', helpValue: '<code>' }),
    subdivision: Flags.string({
      description: 'ISO 3166-2 subdivision of the country, e.g. US-CA (decides subdivision tax rates).',
      helpValue: '<code>',
    }),
    country: Flags.string({
      description: 'ISO 3166-1 alpha-2 country code, e.g. DE.',
      helpValue: '<code>',
      required,
    }),
    phone: Flags.string({ description: 'Phone number.', helpValue: '<phone>' }),
  };
}

/** `--default-shipping` / `--no-default-shipping` and the same for billing; absent means "not said". */
export const defaultFlags = {
  'default-shipping': Flags.boolean({
    description: 'Make it the default shipping address (--no-default-shipping: stop it being the default).',
    allowNo: true,
  }),
  'default-billing': Flags.boolean({
    description: 'Make it the default billing address (--no-default-billing: stop it being the default).',
    allowNo: true,
  }),
};

/** The flags {@link addressFlags} defines, as parsed. */
export type AddressFlagValues = Partial<Record<keyof ReturnType<typeof addressFlags>, string>>;

/** Whether any address field was given. */
export function hasAddressFields(flags: AddressFlagValues): boolean {
  return Object.keys(addressFlags(false)).some((key) => flags[key as keyof AddressFlagValues] !== undefined);
}

/**
 * The address from the flags laid over `base` (the saved address, for an update), with codes upper-cased and the
 * `--clear`ed optional fields removed.
 */
export function addressFrom(flags: AddressFlagValues, base?: Address, clear: string[] = []): AddressInput {
  const out: Record<string, string | undefined> = { ...base };
  const set = (key: keyof AddressInput, value: string | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('name', flags.name);
  set('company', flags.company);
  set('line1', flags.line1);
  set('line2', flags.line2);
  set('city', flags.city);
  set('postalCode', flags['postal-code']);
  set('subdivision', flags.subdivision?.trim().toUpperCase());
  set('countryCode', flags.country?.trim().toUpperCase());
  set('phone', flags.phone);
  for (const field of clear) {
    const key = CLEARABLE[field as keyof typeof CLEARABLE];
    if (!key) {
      throw new CliFailure(
        `Cannot clear "${field}": only ${Object.keys(CLEARABLE).join(', ')} are optional.`,
        'usage_error',
        { exitCode: EXIT.usage },
      );
    }
    delete out[key];
  }
  return out as AddressInput;
}

/** `--clear` of `till addresses update`. */
export const clearFlag = Flags.string({
  description: `Remove an optional field: ${Object.keys(CLEARABLE).join(', ')} (repeatable).`,
  helpValue: '<field>',
  multiple: true,
  options: Object.keys(CLEARABLE),
});
