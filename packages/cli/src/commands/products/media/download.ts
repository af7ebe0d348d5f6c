import { stat } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../../base-command.js';
import { idArg } from '../../../id-args.js';
import { CliFailure, EXIT } from '../../../output/describe-error.js';
import { formatBytes } from '../../../output/print-commerce.js';
import { saveDownload } from '../../../output/save-download.js';

/** What `--json` prints. */
interface DownloadResult {
  mediaId: string;
  contentType: string | null;
  size: number | null;
  etag: string | null;
  savedTo: string;
}

export default class ProductsMediaDownload extends BaseCommand<typeof ProductsMediaDownload> {
  static override summary = "Download an image's bytes.";

  static override description =
    `Streams the image (GET /v1/media/:id) to --output, or to stdout with --output - \
(refused on a terminal). The file is written under a temporary name and renamed when complete.

--json prints { "mediaId", "contentType", "size", "etag", "savedTo" }; it cannot be combined with --output -, \
whose stdout carries the image.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> med_01JABCDEFGHJKMNPQRSTVWXYZ0 --output front.png',
    {
      description: 'Into a pipe.',
      command: '<%= config.bin %> <%= command.id %> med_01JABCDEFGHJKMNPQRSTVWXYZ0 --output - | file -',
    },
  ];

  static override args = {
    mediaId: idArg('media', 'The image ID (med_…).'),
  };

  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'File to write, or - for stdout.',
      helpValue: '<file|->',
      required: true,
    }),
  };

  async run(): Promise<DownloadResult> {
    const { output } = this.flags;
    if (output === '-' && this.jsonEnabled()) {
      throw new CliFailure(
        '--json cannot be combined with --output -: stdout carries the image.',
        'usage_error',
        {
          exitCode: EXIT.usage,
          hint: 'Pass --output <file> to get the JSON summary.',
        },
      );
    }
    const client = await this.client();
    const { data, response } = await client.media.download(this.args.mediaId).withResponse();
    const savedTo = await saveDownload(data, output);
    const length = Number(response.headers['content-length']);
    const size =
      savedTo === 'stdout' ? (Number.isFinite(length) ? length : null) : (await stat(savedTo)).size;
    const contentType = response.headers['content-type'] ?? null;
    if (savedTo !== 'stdout') {
      this.out.line(
        `${this.out.style.green('✓')} Saved ${size === null ? '?' : formatBytes(size)}` +
          `${contentType ? ` (${contentType})` : ''} to ${this.out.style.bold(savedTo)}.`,
      );
    }
    return {
      mediaId: this.args.mediaId,
      contentType,
      size,
      etag: response.headers.etag ?? null,
      savedTo,
    };
  }
}
