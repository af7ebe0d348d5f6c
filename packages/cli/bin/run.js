#!/usr/bin/env node
// `till --version` is asked by scripts and people alike and needs nothing of oclif, whose import alone takes a few
// hundred milliseconds: it is answered here, in oclif's format. Everything else (update notice included) goes
// through oclif.
const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  const { createRequire } = await import('node:module');
  const { name, version } = createRequire(import.meta.url)('../package.json');
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
