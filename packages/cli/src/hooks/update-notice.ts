import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hook } from '@oclif/core';

/**
 * oclif's `init` hook (package.json `oclif.hooks`): the update notice of
 * @oclif/plugin-warn-if-update-available, for a person at a terminal only. The plugin checks neither
 * TTY nor CI and, when its cache is older than `timeoutInDays`, fetches from the npm registry in the
 * background; so it runs only when stderr is a TTY, `CI` is unset and TILL_SKIP_NEW_VERSION_CHECK
 * is not true. It is not listed in `oclif.plugins`, which would import it on every run (`--version` included).
 */
const updateNotice: Hook<'init'> = async function (options) {
  if (!process.stderr.isTTY || process.env.CI) return;
  if (options.config.scopedEnvVarTrue('SKIP_NEW_VERSION_CHECK')) return;
  // The package exports nothing but an empty object; oclif itself loads the hook by its file path
  // (the plugin's package.json `oclif.hooks.init`), and so does this.
  const entry = createRequire(import.meta.url).resolve('@oclif/plugin-warn-if-update-available');
  const hook = pathToFileURL(join(dirname(entry), 'hooks/init/check-update.js')).href;
  const { default: checkUpdate } = (await import(hook)) as { default: Hook<'init'> };
  await checkUpdate.call(this, options);
};

export default updateNotice;
