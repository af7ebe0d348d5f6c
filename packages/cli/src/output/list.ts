import type { PagePromise } from '@tillpoint/sdk';
import type { ListDocument } from './format.js';

/** The first page of a list, or with `all` every item of every page, as the one list `--json` prints. */
export async function collectList<T>(
  pages: PagePromise<T>,
  all: boolean | undefined,
): Promise<ListDocument<T>> {
  if (all) {
    const data: T[] = [];
    for await (const item of pages) data.push(item);
    return { object: 'list', data, has_more: false };
  }
  const page = await pages;
  return { object: 'list', data: page.data, has_more: page.has_more };
}

/** `--limit` as sent: the flag, else 100 (the maximum, fewer round trips) with `--all`, else the daemon's default. */
export function pageSize(limit: number | undefined, all: boolean | undefined): number | undefined {
  return limit ?? (all ? 100 : undefined);
}
