import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { isValidProfileName } from '../../config/profiles.js';
import { CliFailure, EXIT } from '../../output/describe-error.js';

/** What `till profiles set --json` prints. */
export interface ProfileSetResult {
  name: string;
  baseUrl: string | null;
  hasToken: boolean;
  current: boolean;
  path: string;
}

export default class ProfilesSet extends BaseCommand<typeof ProfilesSet> {
  static override summary = 'Create or update a profile.';

  static override description = `Stores settings under a profile name in the profiles file (mode 0600). \
Only the given settings change. Tokens are not accepted here, so they never land in shell history: \
use \`till login\`, or TILLPOINT_TOKEN for one command.

--base-url here is the URL to store. The profile's base URL is used by later commands when neither \
--base-url nor TILLPOINT_URL is given.`;

  static override examples = [
    {
      description: 'Point the "prod" profile at a daemon and make it current.',
      command: '<%= config.bin %> <%= command.id %> prod --base-url https://shop.example.com --use',
    },
    {
      description: 'Forget the stored URL.',
      command: '<%= config.bin %> <%= command.id %> prod --unset-base-url',
    },
  ];

  static override args = {
    name: Args.string({ description: 'Profile name (letters, digits, ".", "_" and "-").', required: true }),
  };

  static override flags = {
    'unset-base-url': Flags.boolean({
      description: 'Remove the stored base URL (fall back to the default).',
      exclusive: ['base-url'],
    }),
    use: Flags.boolean({ description: 'Also make this the current profile.' }),
  };

  async run(): Promise<ProfileSetResult> {
    const { name } = this.args;
    if (!isValidProfileName(name)) {
      throw new CliFailure(`Invalid profile name "${name}".`, 'usage_error', {
        exitCode: EXIT.usage,
        hint: 'Use letters, digits, ".", "_" and "-", at most 64 characters.',
      });
    }
    let baseUrl: string | undefined;
    if (this.flags['base-url'] !== undefined) baseUrl = normalizeUrl(this.flags['base-url']);
    const patch = this.flags['unset-base-url'] ? { baseUrl: undefined } : baseUrl ? { baseUrl } : {};
    const profile = await this.profiles.set(name, patch);
    if (this.flags.use) await this.profiles.use(name);
    const current = this.flags.use || (await this.profiles.read()).current === name;

    const s = this.out.style;
    this.out.line(
      `${s.green('✓')} Saved profile ${s.bold(name)}${this.flags.use ? ' and made it current' : ''}.`,
    );
    this.out.keyValue([['Base URL', profile.baseUrl ?? s.dim('(default)')]]);
    return {
      name,
      baseUrl: profile.baseUrl ?? null,
      hasToken: Boolean(profile.token),
      current,
      path: this.profiles.path,
    };
  }
}

function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliFailure(`Invalid URL "${raw}".`, 'usage_error', {
      exitCode: EXIT.usage,
      hint: 'Give a full URL such as http://127.0.0.1:7400.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliFailure(`Unsupported URL scheme "${url.protocol}".`, 'usage_error', {
      exitCode: EXIT.usage,
    });
  }
  return url.toString().replace(/\/+$/, '');
}
