// Preloaded into a spawned `tillpointd` (`NODE_OPTIONS=--require …`): when the process exits, prints on stderr
// which packages it had loaded, as `loaded-packages: ["@oclif/core", …]`, read back by `loadedPackagesOf()`.
// CommonJS packages are in `require.cache` whether they were required or imported from an ES module.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*node_modules)/.exec(file);
    if (match) names.add(match[1].replace('\\', '/'));
  }
  writeSync(2, `\nloaded-packages: ${JSON.stringify([...names].sort())}\n`);
});
