import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Args, Flags } from '@oclif/core';
import type { Media } from '@tillpoint/sdk';
import { BaseCommand } from '../../../base-command.js';
import { idempotencyOptions, sharedFlags } from '../../../flags.js';
import { idArg } from '../../../id-args.js';
import { CliFailure, EXIT } from '../../../output/describe-error.js';
import { dimensionsText, formatBytes } from '../../../output/print-commerce.js';
import { createSpinner, progressAllowed } from '../../../output/spinner.js';

export default class ProductsMediaUpload extends BaseCommand<typeof ProductsMediaUpload> {
  static override summary = 'Upload an image to a product (admin).';

  static override description =
    `Uploads the file with POST /v1/products/:id/media (multipart/form-data). PNG, \
JPEG, WebP, GIF and AVIF images are accepted; the daemon recognises the type from the file's bytes, whatever its \
name, and reads the width and height. Anything else fails with unsupported_image (415), a file over the daemon's \
limit (mediaMaxBytes, 10 MiB by default) with payload_too_large (413). The image goes last unless --position \
puts it elsewhere (0 is first; the others move along).

Shows a spinner on a terminal and prints one line with the new image's ID, type, size and dimensions. --json \
prints the image. Needs an admin.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 front.png --alt "The mug from the front"',
    {
      description: 'Make it the first image, and print it as JSON.',
      command:
        '<%= config.bin %> <%= command.id %> prd_01JABCDEFGHJKMNPQRSTVWXYZ0 side.jpg --position 0 --json',
    },
  ];

  static override args = {
    productId: idArg('product', 'The product ID (prd_…).'),
    file: Args.string({ description: 'The image file: PNG, JPEG, WebP, GIF or AVIF.', required: true }),
  };

  static override flags = {
    alt: Flags.string({
      description: 'Text describing the image for people who cannot see it (up to 500 characters).',
      helpValue: '<text>',
    }),
    position: Flags.integer({
      description: "Place among the product's images, 0 first (default: last). The others move along.",
      helpValue: '<n>',
      min: 0,
    }),
    'idempotency-key': sharedFlags.idempotencyKey(),
  };

  async run(): Promise<Media> {
    const { productId, file } = this.args;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      throw new CliFailure(`${file} is not a readable file.`, 'invalid_input', { exitCode: EXIT.usage });
    }
    const filename = basename(file);
    // Read whole (images are small): bytes, unlike a stream, are retried and resent after a session refresh.
    const bytes = await readFile(file);
    const client = await this.client();
    const spinner = createSpinner(
      progressAllowed(),
      `Uploading ${filename} (${formatBytes(bytes.length)}) to ${productId}…`,
    );
    let media: Media;
    try {
      media = await client.products.media.upload(
        productId,
        bytes,
        { alt: this.flags.alt, position: this.flags.position, filename },
        idempotencyOptions(this.flags['idempotency-key']),
      );
    } finally {
      spinner.stop();
    }
    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} Uploaded ${s.bold(filename)} to product ${productId} as ${s.bold(media.id)}: ` +
        `${media.contentType}, ${formatBytes(media.size)}, ${dimensionsText(media, s)}, position ${media.position}.`,
    );
    return media;
  }
}
