import { DaemonCommand } from '../cli/daemon-command.js';

/** `tillpointd config`. */
export default class ConfigShow extends DaemonCommand {
  static override summary = 'Print the effective configuration, secrets masked.';
  static override description =
    'Shows every setting after flags, TILLPOINT_* env vars and defaults are applied, with the flag and env var of each, ' +
    'and the mode they add up to (single or cluster). Passwords in URLs and secrets are masked.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Check what a flag and an env var add up to, as JSON',
      command: 'TILLPOINT_PORT=8080 <%= config.bin %> <%= command.id %> --log-level debug --json',
    },
  ];
  static override enableJsonFlag = true;

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigShow);
    const config = this.settings(flags);
    const { configCommand } = await import('../cli/config-command.js');
    configCommand(config, { json: this.jsonEnabled() });
  }
}
