#!/usr/bin/env node
// The update notice of @oclif/plugin-warn-if-update-available is for a person at a terminal: never in
// CI or a pipe, where it would also fetch from the npm registry in the background.
if (!process.stderr.isTTY || process.env.CI) process.env.TILL_SKIP_NEW_VERSION_CHECK = 'true';

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
