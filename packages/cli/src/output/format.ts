import type { Style } from './colors.js';

/** An ISO timestamp as `2026-01-31 14:05` (UTC), or a dim dash for null. */
export function formatTime(iso: string | null | undefined, style: Style): string {
  if (!iso) return style.dim('-');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** A list as `--json` prints it: the same envelope as the API. */
export interface ListDocument<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}
