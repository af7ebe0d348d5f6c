import { Flags } from '@oclif/core';
import type { Media } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';

export default class ProductsMediaDelete extends BaseCommand<typeof ProductsMediaDelete> {
  static override summary = 'Delete an image of a product (admin).';

  static override description =
    `Removes the image from its product with DELETE /v1/media/:id and deletes its \
bytes; the images after it move up. --json prints the removed image. Asks for confirmation on a terminal; \
elsewhere (pipes, CI) pass --yes. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> med_01JABCDEFGHJKMNPQRSTVWXYZ0',
    {
      description: 'Without a prompt, e.g. in a script.',
      command: '<%= config.bin %> <%= command.id %> med_01JABCDEFGHJKMNPQRSTVWXYZ0 --yes --json',
    },
  ];

  static override args = {
    mediaId: idArg('media', 'The image ID (med_…).'),
  };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask for confirmation.' }),
  };

  async run(): Promise<Media> {
    const { mediaId } = this.args;
    await this.confirmDestructive(
      this.flags.yes,
      `Delete image ${mediaId}? Its bytes are deleted; this cannot be undone.`,
      `Refusing to delete image ${mediaId} without confirmation.`,
    );
    const client = await this.client();
    const media = await client.media.delete(mediaId);
    const name = media.filename ? ` (${media.filename})` : '';
    this.out.line(
      `${this.out.style.green('✓')} Deleted image ${this.out.style.bold(media.id)}${name} of product ${media.productId}.`,
    );
    return media;
  }
}
