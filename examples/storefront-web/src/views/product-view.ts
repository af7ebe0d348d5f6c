import { formatMoney, type Product, type Variant } from '@tillpoint/sdk/storefront';
import { cartForAdding, showCount } from '../cart-session.js';
import { priceOf, sellableVariants, stockText, variantFor } from '../catalog.js';
import { h, statusLine } from '../dom.js';
import { describeError } from '../errors.js';
import { shopRegion } from '../region.js';
import { shop } from '../shop.js';

/** `#/products/:id`: the images, an option picker, the chosen variant's price and stock, and "Add to cart". */
export async function productView(id: string): Promise<Node> {
  const [product, { currency }] = await Promise.all([shop.products.get(id), shopRegion()]);
  const variants = sellableVariants(product, currency);
  const first = variants[0];
  if (!first) return h('p', { 'data-testid': 'page-error' }, `${product.name} is not for sale.`);

  let chosen: Record<string, string> = { ...first.options };
  const picker = h('div', { class: 'picker' });
  const details = h('div', { class: 'variant-details' });
  const quantity = h('input', {
    type: 'number',
    name: 'quantity',
    min: 1,
    max: 99,
    value: 1,
    required: true,
  });
  const add = h('button', { type: 'submit', 'data-testid': 'add-to-cart' }, 'Add to cart');
  const status = statusLine('add-status');

  const redraw = () => {
    const variant = variantFor(product, currency, chosen);
    picker.replaceChildren(
      ...product.options.map((option) => optionGroup(product, currency, option.name, chosen, pick)),
    );
    details.replaceChildren(...variantDetails(variant, currency));
    add.disabled = !variant || variant.stock === 0;
  };
  // A value that makes no variant with the others picks the first variant that has it.
  const pick = (name: string, value: string) => {
    chosen = { ...chosen, [name]: value };
    if (!variantFor(product, currency, chosen)) {
      const match = variants.find((variant) => variant.options[name] === value);
      if (match) chosen = { ...match.options };
    }
    status.clear();
    redraw();
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const variant = variantFor(product, currency, chosen);
    if (!variant) return;
    add.disabled = true;
    try {
      const cart = await cartForAdding();
      showCount(
        await shop.carts.addItem(cart.id, { variantId: variant.id, quantity: Number(quantity.value) }),
      );
      status.info(`Added ${quantity.value} × ${product.name} (${variant.title}) to your cart.`);
    } catch (error) {
      status.error(describeError(error));
    } finally {
      add.disabled = false;
    }
  };
  redraw();

  return h(
    'article',
    { class: 'product-page', 'data-testid': 'product-page' },
    h('div', { class: 'gallery' }, ...product.media.map((image) => productImage(product, image))),
    h(
      'div',
      { class: 'buy-box' },
      h('h1', {}, product.name),
      product.description ? h('p', {}, product.description) : null,
      h(
        'form',
        { onsubmit: submit },
        picker,
        details,
        h('label', {}, 'Quantity ', quantity),
        add,
        status.element,
      ),
      h('p', {}, h('a', { href: '#/cart' }, 'Go to cart'), ' · ', h('a', { href: '#/' }, 'Back to products')),
    ),
  );
}

function productImage(product: Product, image: Product['media'][number]): HTMLElement {
  return h('img', {
    src: shop.media.url(image),
    alt: image.alt ?? product.name,
    width: image.width ?? 480,
    height: image.height ?? 480,
  });
}

/** One option as radio buttons; values that make no variant with the other chosen values are marked. */
function optionGroup(
  product: Product,
  currency: string,
  name: string,
  chosen: Record<string, string>,
  pick: (name: string, value: string) => void,
): HTMLElement {
  const option = product.options.find((candidate) => candidate.name === name);
  const values = option?.values ?? [];
  return h(
    'fieldset',
    { class: 'option', 'data-testid': `option-${name}` },
    h('legend', {}, name),
    ...values.map((value) => {
      const combines = variantFor(product, currency, { ...chosen, [name]: value }) !== undefined;
      return h(
        'label',
        { class: combines ? 'choice' : 'choice unavailable' },
        h('input', {
          type: 'radio',
          name: `option-${name}`,
          value,
          checked: chosen[name] === value,
          onchange: () => pick(name, value),
        }),
        value,
      );
    }),
  );
}

function variantDetails(variant: Variant | undefined, currency: string): Node[] {
  if (!variant) return [h('p', { class: 'muted' }, 'This combination is not available.')];
  const price = priceOf(variant, currency) as number;
  return [
    h('p', { class: 'price', 'data-testid': 'variant-price' }, formatMoney(price, currency)),
    h(
      'p',
      { class: 'muted', 'data-testid': 'variant-sku' },
      `${variant.title} · ${variant.sku} · ${stockText(variant)}`,
    ),
  ];
}
