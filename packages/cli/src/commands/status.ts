import type { Readiness } from '@tillpoint/sdk';
import { BaseCommand } from '../base-command.js';

/** What `till status --json` prints. */
export interface StatusResult {
  url: string;
  /** `ok` when the daemon answered `/healthz`. */
  health: 'ok';
  /** Whether `/readyz` answered 200. */
  ready: boolean;
  readiness: 'ready' | 'not_ready';
  checks: Readiness['checks'];
  name: string;
  version: string;
  apiVersion: string;
  mode: string;
  database: string;
  /** What this node runs: all, api, worker or scheduler. */
  role: string;
  node: string;
  uptimeSeconds: number;
  /** Round trip of the `/healthz` request, in milliseconds. */
  latencyMs: number;
  requestId: string | null;
}

export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Show whether the daemon is up and ready, and what it runs.';

  static override description =
    `Calls the daemon's /healthz, /readyz and /v1/meta and prints its health, readiness \
(with each dependency check), version, mode, database, URL and the round-trip latency.

Exits 0 when the daemon is ready, 1 when it cannot be reached or is not ready.`;

  static override examples = [
    {
      description: 'Check the daemon of the current profile.',
      command: '<%= config.bin %> <%= command.id %>',
    },
    {
      description: 'Check another daemon and get JSON.',
      command: '<%= config.bin %> <%= command.id %> --base-url http://10.0.0.5:7400 --json',
    },
    {
      description: 'Wait in a script until the daemon is ready.',
      command: 'until <%= config.bin %> <%= command.id %> >/dev/null 2>&1; do sleep 1; done',
    },
  ];

  static override flags = {};

  async run(): Promise<StatusResult> {
    // A status probe should answer quickly and say "down" rather than retry for seconds.
    const client = await this.client({ maxRetries: 0, timeout: 10_000 });
    const started = performance.now();
    const health = await client.health().withResponse();
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const [readiness, meta] = await Promise.all([client.readiness(), client.meta.get()]);

    const result: StatusResult = {
      url: this.settings.baseUrl,
      health: 'ok',
      ready: readiness.status === 'ready',
      readiness: readiness.status,
      checks: readiness.checks,
      name: meta.name,
      version: meta.version,
      apiVersion: meta.apiVersion,
      mode: meta.mode,
      database: meta.database,
      role: meta.role,
      node: meta.node,
      uptimeSeconds: health.data.uptimeSeconds,
      latencyMs,
      requestId: health.requestId,
    };
    if (!result.ready) process.exitCode = 1;
    this.print(result);
    return result;
  }

  private print(result: StatusResult): void {
    const { out } = this;
    const s = out.style;
    const dot = result.ready ? s.green('●') : s.red('●');
    out.line(`${dot} ${s.bold(result.name)} ${result.version} at ${result.url}`);
    const checks = Object.entries(result.checks).map(([name, check]) => {
      const state = check.status === 'up' ? s.green('up') : s.red('down');
      const detail = check.error
        ? ` ${s.dim(check.error)}`
        : check.latencyMs !== undefined
          ? ` (${check.latencyMs} ms)`
          : '';
      return `${name} ${state}${detail}`;
    });
    out.keyValue([
      ['Health', `${s.green('ok')} (up ${formatUptime(result.uptimeSeconds)})`],
      ['Ready', result.ready ? s.green('ready') : s.red('not ready')],
      ['Checks', checks.length > 0 ? checks.join(', ') : s.dim('none')],
      ['Mode', result.mode],
      ['Database', result.database],
      ['Role', result.role],
      ['API', result.apiVersion],
      ['Node.js', result.node],
      ['Latency', `${result.latencyMs} ms`],
    ]);
    if (!result.ready)
      out.notice(out.errStyle.yellow('The daemon is up but not ready; see the checks above.'));
  }
}

function formatUptime(seconds: number): string {
  const total = Math.floor(seconds);
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${total % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
