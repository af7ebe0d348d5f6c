import type { SavedAddress, UpdateSavedAddressRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import {
  addressFlags,
  addressFrom,
  clearFlag,
  defaultFlags,
  hasAddressFields,
} from '../../commerce/address-flags.js';
import { idArg } from '../../id-args.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';
import { printSavedAddress } from '../../output/print-address.js';

export default class AddressesUpdate extends BaseCommand<typeof AddressesUpdate> {
  static override summary = 'Change one of your saved addresses or its default flags.';

  static override description =
    `Changes the address with PATCH /v1/me/addresses/:id. The given fields are laid \
over the saved address (which is read first) and the whole address is sent; --clear removes an optional field. \
--default-shipping/--default-billing make it the default (the previous default stops being one); \
--no-default-shipping/--no-default-billing leave you without that default.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> adr_01JABCDEFGHJKMNPQRSTVWXYZ0 --line2 "3rd floor"',
    {
      description: 'Make it the default billing address.',
      command: '<%= config.bin %> <%= command.id %> adr_01JABCDEFGHJKMNPQRSTVWXYZ0 --default-billing',
    },
    {
      description: 'Remove the phone number, as JSON.',
      command: '<%= config.bin %> <%= command.id %> adr_01JABCDEFGHJKMNPQRSTVWXYZ0 --clear phone --json',
    },
  ];

  static override args = { id: idArg('address', 'The address ID (adr_…).') };

  static override flags = { ...addressFlags(false), clear: clearFlag, ...defaultFlags };

  async run(): Promise<SavedAddress> {
    const { id } = this.args;
    const clear = this.flags.clear ?? [];
    const body: UpdateSavedAddressRequest = {};
    if (this.flags['default-shipping'] !== undefined) body.isDefaultShipping = this.flags['default-shipping'];
    if (this.flags['default-billing'] !== undefined) body.isDefaultBilling = this.flags['default-billing'];
    const changesAddress = hasAddressFields(this.flags) || clear.length > 0;
    if (!changesAddress && Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass an address field (--name, --line1, --city, --country, …), --clear, or a --default-… flag.',
      });
    }
    const client = await this.client();
    if (changesAddress) {
      const current = await client.me.addresses.get(id);
      body.address = addressFrom(this.flags, current.address, clear);
    }
    const saved = await client.me.addresses.update(id, body);
    this.out.line(`${this.out.style.green('✓')} Updated address ${saved.id}.`);
    printSavedAddress(this.out, saved);
    return saved;
  }
}
