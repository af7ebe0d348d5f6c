import type { User } from '@tillpoint/sdk';
import { formatTime } from './format.js';
import type { Output } from './output.js';

/** A user as `key  value` lines (nothing with `--json`). */
export function printUser(out: Output, user: User): void {
  const s = out.style;
  out.keyValue([
    ['ID', user.id],
    ['Email', user.email],
    ['Name', user.name ?? s.dim('(none)')],
    ['Role', user.role],
    ['Disabled', user.disabled ? s.yellow('yes') : 'no'],
    ['Created', formatTime(user.createdAt, s)],
    ['Updated', formatTime(user.updatedAt, s)],
  ]);
}
