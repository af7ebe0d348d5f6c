import { Errors, type Hook } from '@oclif/core';
import { EXIT } from '../output/describe-error.js';
import { createOutput } from '../output/output.js';

/**
 * oclif's `command_not_found` hook. At an interactive terminal (stdin and stdout TTYs, `CI` unset, no
 * `--json`) with one close command, it hands over to @oclif/plugin-not-found, which asks "Did you
 * mean …?" and runs the answer. Anywhere else it prints one line on stderr naming the closest
 * command(s) or topic, or a JSON error with `--json`, and exits 2 (usage) without prompting.
 * The plugin is not listed in `oclif.plugins`: oclif runs every plugin's hook for this event at once,
 * so its prompt and exit 127 would race this hook's answer.
 */
const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const { config } = options;
  const argv = options.argv ?? [];
  const beforeDashes = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const json = beforeDashes.includes('--json');
  const typed = options.id.split(':').filter(Boolean);
  const bin = config.bin;

  const hidden = new Set(config.commands.filter((command) => command.hidden).map((command) => command.id));
  const candidates = [
    ...config.commands.filter((command) => !command.hidden).map((command) => command.id),
    ...config.commands.flatMap((command) => (command.hidden ? [] : command.aliases)),
    ...config.topics.filter((topic) => !topic.hidden).map((topic) => topic.name),
  ].filter((id) => id && !hidden.has(id));
  const topics = new Set(config.topics.map((topic) => topic.name));
  const suggestions = closest(typed, [...new Set(candidates)], topics);
  // `till orders frobnicate`: a known topic with nothing close under it.
  const topic = [...typed.keys()]
    .map((i) => typed.slice(0, typed.length - i).join(':'))
    .find((id) => topics.has(id));
  const helpFor = topic ? `${bin} ${topic.split(':').join(' ')} --help` : `${bin} --help`;

  const shown = `${bin} ${typed.join(' ')}`;
  const named = suggestions.map((id) => `\`${bin} ${id.split(':').join(' ')}\``);
  const message =
    named.length > 0
      ? `\`${shown}\` is not a ${bin} command. Did you mean ${named.join(' or ')}?`
      : `\`${shown}\` is not a ${bin} command. Run \`${helpFor}\` for a list of commands.`;

  const out = createOutput({ json, color: colorFlag(beforeDashes) });
  const [only] = suggestions;
  const interactive = process.stdin.isTTY && process.stdout.isTTY && !process.env.CI && !json;
  if (interactive && only !== undefined && suggestions.length === 1 && config.findCommand(only)) {
    const { default: didYouMean } = await import('@oclif/plugin-not-found');
    // Only our suggestion is offered, so the question matches what scripts are told.
    const narrowed = new Proxy(config, {
      get(target, key) {
        if (key === 'commandIDs') return [only];
        if (key === 'commands') return target.commands.filter((command) => command.id === only);
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      return await didYouMean.call(this, { ...options, config: narrowed });
    } catch (error) {
      // Answered no (or timed out): the plugin exits 127; a wrong command is a usage error here.
      if (!(error instanceof Errors.CLIError) || error.oclif.exit !== 127) throw error;
      out.errorLine(`Run \`${helpFor}\` for a list of commands.`);
      Errors.exit(EXIT.usage);
    }
  }
  if (json) {
    const error = { code: 'command_not_found', message, requestId: null, status: null };
    out.errorLine(JSON.stringify({ error }, null, 2));
  } else {
    const s = out.errStyle;
    out.errorLine(`${s.red(s.bold('Error:'))} ${message}`);
  }
  Errors.exit(EXIT.usage);
};

export default commandNotFound;

/**
 * The known IDs nearest to what was typed, compared word by word over as many words as each ID
 * has (`orderz list` against `orders list`; `orders lisst` against `orders list`). Ties are all
 * returned, at most three; nothing when even the nearest is too far to be a typo.
 */
export function closest(typed: string[], ids: string[], topics: ReadonlySet<string>): string[] {
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  for (const id of ids) {
    const words = id.split(':');
    if (words.length > typed.length) continue;
    const target = words.join(' ');
    const input = typed.slice(0, words.length).join(' ');
    const distance = levenshtein(input, target);
    if (distance > Math.max(2, Math.floor(target.length / 3))) continue;
    // A topic typed exactly was followed by a wrong word: suggest its commands, not the topic.
    if (distance === 0 && topics.has(id)) continue;
    // Prefer the longer ID on a tie: `orders list` over the topic `orders`.
    const score = distance * 100 - words.length;
    if (score < best) {
      best = score;
      found = [id];
    } else if (score === best) {
      found.push(id);
    }
  }
  return found.sort().slice(0, 3);
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

function colorFlag(argv: string[]): boolean | undefined {
  if (argv.includes('--no-color')) return false;
  if (argv.includes('--color')) return true;
  return undefined;
}
