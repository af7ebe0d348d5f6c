import { formatMoney, type Product } from '@tillpoint/sdk/storefront';
import { lowestPrice, sellableVariants } from '../catalog.js';
import { h } from '../dom.js';
import { shopRegion } from '../region.js';
import { shop } from '../shop.js';

/** `#/`: the products that have a price in the shop's currency, with their first image. */
export async function catalogView(): Promise<Node> {
  const { currency } = await shopRegion();
  const page = await shop.products.list({ currency, limit: 50 });
  const products = page.data.filter((product) => sellableVariants(product, currency).length > 0);
  if (products.length === 0) return h('p', { 'data-testid': 'catalog-empty' }, 'Nothing for sale yet.');
  return h(
    'section',
    {},
    h('h1', {}, 'Products'),
    h(
      'ul',
      { class: 'product-grid', 'data-testid': 'catalog' },
      ...products.map((product) => productCard(product, currency)),
    ),
  );
}

function productCard(product: Product, currency: string): HTMLElement {
  const image = product.media[0];
  const from = lowestPrice(product, currency) as number;
  const count = sellableVariants(product, currency).length;
  return h(
    'li',
    { class: 'product-card', 'data-testid': 'product-card' },
    h(
      'a',
      { href: `#/products/${encodeURIComponent(product.id)}` },
      image
        ? h('img', {
            src: shop.media.url(image),
            alt: image.alt ?? product.name,
            width: 240,
            height: 240,
            loading: 'lazy',
          })
        : h('div', { class: 'no-image' }, 'No image'),
      h('h2', {}, product.name),
      h(
        'p',
        { class: 'price' },
        `${count > 1 ? 'from ' : ''}${formatMoney(from, currency)}`,
        count > 1 ? h('span', { class: 'muted' }, ` · ${count} variants`) : null,
      ),
    ),
  );
}
