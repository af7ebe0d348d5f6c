import { Errors, type Hook } from '@oclif/core';

/** Exit code of a usage error, as for an unknown flag. */
const EXIT_USAGE = 2;

/**
 * oclif's `command_not_found` hook (package.json `oclif.hooks`). At a terminal with a close match it
 * hands over to @oclif/plugin-not-found, which asks "Did you mean …?" and runs the answer; anywhere
 * else (a pipe, CI, `--json`) it prints one line naming the closest command, or with `--json`
 * `{"error":{"code":"command_not_found","message"}}`, and exits 2 without prompting.
 * The plugin is not listed in `oclif.plugins`: oclif runs every plugin's hook for this event at once,
 * so its prompt and exit 127 would race this hook's answer.
 */
const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const { config } = options;
  const argv = options.argv ?? [];
  const beforeDashes = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const json = beforeDashes.includes('--json');
  const typed = options.id.split(':').filter(Boolean);
  const ids = config.commands.filter((command) => !command.hidden).map((command) => command.id);
  const suggestion = closestCommand(typed.join(' '), ids);
  const shown = `${config.bin} ${typed.join(' ')}`;
  const message = suggestion
    ? `\`${shown}\` is not a ${config.bin} command. Did you mean \`${config.bin} ${suggestion.split(':').join(' ')}\`?`
    : `\`${shown}\` is not a ${config.bin} command. Run \`${config.bin} --help\` for a list of commands.`;

  const interactive = process.stdin.isTTY && process.stderr.isTTY && !process.env.CI && !json;
  if (interactive && suggestion) {
    const { default: didYouMean } = await import('@oclif/plugin-not-found');
    // Only our suggestion is offered, so the question and the line below always agree.
    const narrowed = new Proxy(config, {
      get(target, key) {
        if (key === 'commandIDs') return [suggestion];
        if (key === 'commands') return target.commands.filter((command) => command.id === suggestion);
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      return await didYouMean.call(this, { ...options, config: narrowed });
    } catch (error) {
      // Answered no (or timed out): the plugin exits 127; a wrong command is a usage error here.
      if (!(error instanceof Errors.CLIError) || error.oclif.exit !== 127) throw error;
      process.stderr.write(`Run \`${config.bin} --help\` for a list of commands.\n`);
      Errors.exit(EXIT_USAGE);
    }
  }
  process.stderr.write(
    json
      ? `${JSON.stringify({ error: { code: 'command_not_found', message } }, null, 2)}\n`
      : `${config.bin}: ${message}\n`,
  );
  Errors.exit(EXIT_USAGE);
};

export default commandNotFound;

/** The command ID nearest to what was typed, or nothing when even the nearest is too far to be a typo. */
export function closestCommand(typed: string, ids: string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of ids) {
    const target = id.split(':').join(' ');
    const distance = levenshtein(typed, target);
    if (distance > Math.max(2, Math.floor(target.length / 3))) continue;
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best?.id;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
