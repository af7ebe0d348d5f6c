import type { SavedAddress } from '@tillpoint/sdk';
import { BaseCommand } from '../../base-command.js';
import { idArg } from '../../id-args.js';
import { printSavedAddress } from '../../output/print-address.js';

export default class AddressesGet extends BaseCommand<typeof AddressesGet> {
  static override summary = 'Show one of your saved addresses.';

  static override description =
    'Fetches the address with GET /v1/me/addresses/:id from your own address book (another user’s is not found).';

  static override examples = [
    '<%= config.bin %> <%= command.id %> adr_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'As JSON.',
      command: '<%= config.bin %> <%= command.id %> adr_01JABCDEFGHJKMNPQRSTVWXYZ0 --json',
    },
  ];

  static override args = { id: idArg('address', 'The address ID (adr_…).') };

  static override flags = {};

  async run(): Promise<SavedAddress> {
    const client = await this.client();
    const saved = await client.me.addresses.get(this.args.id);
    printSavedAddress(this.out, saved);
    return saved;
  }
}
