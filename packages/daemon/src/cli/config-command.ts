import { type Config, envNameOf, flagNameOf, maskConfig, modeOf } from '../config.js';

/** `tillpointd config`: the effective settings with secrets masked. */
export function configCommand(config: Config, options: { json: boolean }): void {
  const masked = maskConfig(config);
  const mode = modeOf(config);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ mode, ...masked }, null, 2)}\n`);
    return;
  }
  // Derived, not a setting: postgres:// plus a Redis URL is a cluster.
  process.stdout.write(`mode: ${mode}\n`);
  const rows = Object.entries(masked).map(([key, value]) => [
    key,
    value === undefined ? '(unset)' : String(value),
    `${flagNameOf(key)} / ${envNameOf(key)}`,
  ]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const [key, value, source] of rows) {
    process.stdout.write(`${key!.padEnd(widths[0]!)}  ${value!.padEnd(widths[1]!)}  ${source}\n`);
  }
}
