import { type Config, envNameOf, flagNameOf, maskConfig } from '../config.js';

/** `tillpointd config`: the effective settings with secrets masked. */
export function configCommand(config: Config, options: { json: boolean }): void {
  const masked = maskConfig(config);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(masked, null, 2)}\n`);
    return;
  }
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
