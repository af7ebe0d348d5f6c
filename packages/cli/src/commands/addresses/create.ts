import type { CreateSavedAddressRequest, SavedAddress } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { addressFlags, addressFrom, defaultFlags } from '../../commerce/address-flags.js';
import { idempotencyOptions, sharedFlags } from '../../flags.js';
import { printSavedAddress } from '../../output/print-address.js';

export default class AddressesCreate extends BaseCommand<typeof AddressesCreate> {
  static override summary = 'Save an address in your address book.';

  static override description =
    `Saves an address with POST /v1/me/addresses. Your first address becomes your \
default shipping and billing address unless you pass --no-default-shipping or --no-default-billing; \
--default-shipping or --default-billing make a later one the default (the previous default stops being one). The \
country must be an ISO 3166-1 code and the subdivision one of its ISO 3166-2 codes (422 validation_failed \
otherwise). An address book holds at most 50 addresses (422 address_limit_reached).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --name "Ada Lovelace" --line1 "Hauptstraße 1" --postal-code 10115 --city Berlin --country DE',
    {
      description: 'A US address, made the default shipping address, as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> --name "Ada Lovelace" --line1 "1 Market St" --city "San Jose" --subdivision US-CA --country US --default-shipping --json',
    },
  ];

  static override flags = {
    ...addressFlags(true),
    ...defaultFlags,
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<SavedAddress> {
    const body: CreateSavedAddressRequest = { address: addressFrom(this.flags) };
    if (this.flags['default-shipping'] !== undefined) body.isDefaultShipping = this.flags['default-shipping'];
    if (this.flags['default-billing'] !== undefined) body.isDefaultBilling = this.flags['default-billing'];
    const client = await this.client();
    const saved = await client.me.addresses.create(body, idempotencyOptions(this.flags['idempotency-key']));
    this.out.line(`${this.out.style.green('✓')} Saved address ${saved.id}.`);
    printSavedAddress(this.out, saved);
    return saved;
  }
}
