/** The programmatic entry of `till`: run the CLI with an argv, as `bin/run.js` does. */
export { run } from '@oclif/core';
/** oclif's `command_not_found` hook (package.json `oclif.hooks`), bundled here so it loads only when needed. */
export { default as commandNotFound } from './hooks/command-not-found.js';
