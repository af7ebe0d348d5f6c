// Preloaded into a spawned `tillpointd` (`NODE_OPTIONS=--require …`): counts calls of the `Intl` entry points that
// load ICU's locale and time-zone data (a few MB resident once touched, ADR-066) and, when the process exits, prints
// `intl-calls: {"count":N,"first":"<stack of the first call>"}` on stderr, read back by the test.
const { writeSync } = require('node:fs');

let count = 0;
let first = '';
function note(name) {
  count += 1;
  if (!first) first = `${name}\n${new Error().stack.split('\n').slice(3, 10).join('\n')}`;
}

for (const name of [
  'DateTimeFormat',
  'NumberFormat',
  'Collator',
  'PluralRules',
  'RelativeTimeFormat',
  'ListFormat',
  'DisplayNames',
  'Segmenter',
]) {
  const original = Intl[name];
  if (!original) continue;
  Intl[name] = new Proxy(original, {
    construct(target, args, newTarget) {
      note(`Intl.${name}`);
      return Reflect.construct(target, args, newTarget);
    },
    apply(target, self, args) {
      note(`Intl.${name}`);
      return Reflect.apply(target, self, args);
    },
  });
}
for (const [owner, method] of [
  [Date.prototype, 'toLocaleString'],
  [Date.prototype, 'toLocaleDateString'],
  [Date.prototype, 'toLocaleTimeString'],
  [Number.prototype, 'toLocaleString'],
  [String.prototype, 'localeCompare'],
]) {
  const original = owner[method];
  owner[method] = function (...args) {
    note(method);
    return original.apply(this, args);
  };
}

process.on('exit', () => {
  writeSync(2, `\nintl-calls: ${JSON.stringify({ count, first })}\n`);
});
