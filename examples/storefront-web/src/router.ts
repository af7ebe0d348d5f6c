import { h } from './dom.js';
import { describeError } from './errors.js';

/** A page: the hash path it answers (`#/products/prd_…`) and what it shows, built from the captured parts. */
export interface Route {
  pattern: RegExp;
  view(...params: string[]): Promise<Node>;
}

/** The page's address is its hash, so the storefront is static files any server can serve. */
export function navigate(path: string): void {
  window.location.hash = path;
}

/**
 * Shows the route of the current hash in `outlet`, and again on every change. A page that was left while it was
 * still loading is never shown.
 */
export function startRouter(routes: Route[], outlet: HTMLElement): void {
  let shown = 0;
  const show = async () => {
    const visit = ++shown;
    const path = window.location.hash.slice(1) || '/';
    outlet.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
    const page = await pageFor(routes, path);
    if (visit === shown) outlet.replaceChildren(page);
  };
  window.addEventListener('hashchange', show);
  void show();
}

async function pageFor(routes: Route[], path: string): Promise<Node> {
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    try {
      return await route.view(...match.slice(1).map(decodeURIComponent));
    } catch (error) {
      return h(
        'p',
        { class: 'status error', role: 'alert', 'data-testid': 'page-error' },
        describeError(error),
      );
    }
  }
  return h(
    'p',
    { 'data-testid': 'page-error' },
    'No such page. ',
    h('a', { href: '#/' }, 'Back to the shop'),
  );
}
