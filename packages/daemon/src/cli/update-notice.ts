import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hook } from '@oclif/core';

/**
 * oclif's `init` hook (package.json `oclif.hooks`): the update notice of
 * @oclif/plugin-warn-if-update-available, for a person at a terminal only. The plugin checks neither
 * TTY nor CI and, when its cache is older than `timeoutInDays`, fetches from the npm registry in the
 * background; so it runs only when stderr is a TTY, `CI` is unset and TILLPOINTD_SKIP_NEW_VERSION_CHECK
 * is not true. It is not listed in `oclif.plugins`, which would import it on every run (`--version` included).
 */
const updateNotice: Hook<'init'> = async function (options) {
  if (!updateNoticeWanted()) return;
  // The package exports nothing but an empty object; oclif itself loads the hook by its file path
  // (the plugin's package.json `oclif.hooks.init`), and so does this.
  const entry = createRequire(import.meta.url).resolve('@oclif/plugin-warn-if-update-available');
  const hook = pathToFileURL(join(dirname(entry), 'hooks/init/check-update.js')).href;
  const { default: checkUpdate } = (await import(hook)) as { default: Hook<'init'> };
  await checkUpdate.call(this, options);
};

/**
 * Whether the update notice may show: a person at a terminal (stderr is a TTY), not CI, and
 * TILLPOINTD_SKIP_NEW_VERSION_CHECK not true (oclif's `scopedEnvVarTrue`: `true` or `1`).
 */
export function updateNoticeWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!process.stderr.isTTY || env.CI) return false;
  const skip = env.TILLPOINTD_SKIP_NEW_VERSION_CHECK;
  return skip !== 'true' && skip !== '1';
}

export default updateNotice;
