import { BaseCommand } from '../../base-command.js';

/** One row of `till profiles list --json`. Tokens are never printed, only whether one is stored. */
export interface ProfileRow {
  name: string;
  current: boolean;
  baseUrl: string | null;
  hasToken: boolean;
}

export default class ProfilesList extends BaseCommand<typeof ProfilesList> {
  static override summary = 'List the configured profiles.';

  static override description =
    `Shows each profile in the profiles file (config.json in TILLPOINT_CONFIG_DIR, \
$XDG_CONFIG_HOME/tillpoint or ~/.config/tillpoint), marks the current one and says whether a token is \
stored. Tokens themselves are never printed.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'As JSON, for scripts.', command: '<%= config.bin %> <%= command.id %> --json' },
  ];

  static override flags = {};

  async run(): Promise<ProfileRow[]> {
    const file = await this.profiles.read();
    const rows: ProfileRow[] = Object.entries(file.profiles)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, profile]) => ({
        name,
        current: this.settings.profile === name,
        baseUrl: profile.baseUrl ?? null,
        hasToken: Boolean(profile.token),
      }));
    if (rows.length === 0) {
      this.out.notice(
        `No profiles yet in ${this.profiles.path}. Create one with \`till profiles set <name> --base-url <url>\`.`,
      );
      return rows;
    }
    const s = this.out.style;
    this.out.table(rows, [
      { header: '', get: (row) => (row.current ? s.green('*') : ' ') },
      { header: 'NAME', get: (row) => row.name },
      { header: 'BASE URL', get: (row) => row.baseUrl ?? s.dim('(default)') },
      { header: 'TOKEN', get: (row) => (row.hasToken ? 'stored' : s.dim('none')) },
    ]);
    return rows;
  }
}
