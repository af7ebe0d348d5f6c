import { Flags } from '@oclif/core';
import type { Media, UpdateMediaRequest } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import { CliFailure, EXIT } from '../../../output/describe-error.js';
import { printMedia } from '../../../output/print-commerce.js';

export default class ProductsMediaUpdate extends BaseCommand<typeof ProductsMediaUpdate> {
  static override summary = "Change an image's alt text or move it (admin).";

  static override description = `Updates the image with PATCH /v1/media/:id; only the given fields change. \
--position moves it among its product's images (0 is first; the others move along). Needs an admin.`;

  static override examples = [
    {
      description: 'Describe the image.',
      command:
        '<%= config.bin %> <%= command.id %> med_01JABCDEFGHJKMNPQRSTVWXYZ0 --alt "The mug, side view"',
    },
    {
      description: 'Make it the first image.',
      command: '<%= config.bin %> <%= command.id %> med_01JABCDEFGHJKMNPQRSTVWXYZ0 --position 0',
    },
  ];

  static override args = {
    mediaId: idArg('media', 'The image ID (med_…).'),
  };

  static override flags = {
    alt: Flags.string({
      description: 'New alt text (up to 500 characters).',
      helpValue: '<text>',
      exclusive: ['clear-alt'],
    }),
    'clear-alt': Flags.boolean({ description: 'Remove the alt text.', exclusive: ['alt'] }),
    position: Flags.integer({
      description: "New place among the product's images, 0 first; past the end means last.",
      helpValue: '<n>',
      min: 0,
    }),
  };

  async run(): Promise<Media> {
    const body: UpdateMediaRequest = {};
    if (this.flags.alt !== undefined) body.alt = this.flags.alt;
    if (this.flags['clear-alt']) body.alt = null;
    if (this.flags.position !== undefined) body.position = this.flags.position;
    if (Object.keys(body).length === 0) {
      throw new CliFailure('Nothing to change.', 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Pass --alt, --clear-alt or --position.',
      });
    }
    const client = await this.client();
    const media = await client.media.update(this.args.mediaId, body);
    this.out.line(`${this.out.style.green('✓')} Updated image ${this.out.style.bold(media.id)}.`);
    printMedia(this.out, media);
    return media;
  }
}
