import { APIPromise } from './api-promise.js';

/** Query values accepted by list endpoints; `undefined` values are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/** How a page fetches the next one; the client provides it. */
export type FetchPage<T> = (query: QueryParams) => PagePromise<T>;

/**
 * One page of a list endpoint (`{ object: 'list', data, has_more }`). The cursor is the last item's `id`, sent as
 * `starting_after`. Iterating a page with `for await` yields its items and those of every following page.
 */
export class Page<T> implements AsyncIterable<T> {
  readonly object = 'list' as const;
  /** Items of this page. */
  readonly data: T[];
  /** Whether the daemon has more items after this page. */
  readonly has_more: boolean;
  readonly #query: QueryParams;
  readonly #fetchPage: FetchPage<T>;

  /** @internal Built by the client. */
  constructor(body: { data: T[]; has_more: boolean }, query: QueryParams, fetchPage: FetchPage<T>) {
    this.data = body.data;
    this.has_more = body.has_more;
    this.#query = query;
    this.#fetchPage = fetchPage;
  }

  /** The query that fetches the next page, or `null` on the last page. */
  nextPageQuery(): QueryParams | null {
    if (!this.has_more) return null;
    const last = this.data.at(-1) as { id?: unknown } | undefined;
    if (typeof last?.id !== 'string') return null;
    return { ...this.#query, starting_after: last.id };
  }

  /** Whether {@link getNextPage} will return more items. */
  hasNextPage(): boolean {
    return this.nextPageQuery() !== null;
  }

  /** Fetches the next page. Throws when there is none; check {@link hasNextPage} first. */
  getNextPage(): PagePromise<T> {
    const query = this.nextPageQuery();
    if (query === null) throw new Error('No next page: check hasNextPage() before calling getNextPage().');
    return this.#fetchPage(query);
  }

  /** Yields this page and each following one, fetching lazily. */
  async *iterPages(): AsyncGenerator<Page<T>> {
    let page: Page<T> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/**
 * What list methods return: await it for the first {@link Page}, or `for await` over it for every item across
 * pages. Pages are fetched only as the loop needs them, so a `break` stops fetching.
 */
export class PagePromise<T> extends APIPromise<Page<T>> implements AsyncIterable<T> {
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    const page = await this;
    yield* page;
  }
}
