/** The programmatic entry of `till`: run the CLI with an argv, as `bin/run.js` does. */
export { run } from '@oclif/core';
