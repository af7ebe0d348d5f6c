// Sets up a small shop for checkout.mjs with an admin API key: a region for Germany (EUR, prices include tax), a
// 19 % VAT rate that also applies to shipping, two shipping methods, a T-shirt with two variants and the code
// WELCOME10 (10 % off, no usage limit). Running it again reuses what is already there.
//   TILLPOINT_URL=http://127.0.0.1:7400 TILLPOINT_API_KEY=tp_… node setup.mjs
import { ConflictError, Tillpoint } from '@tillpoint/sdk';
import { formatMoney } from '@tillpoint/sdk/money';
import { STORE } from './store.mjs';

const client = new Tillpoint({ apiKey: process.env.TILLPOINT_API_KEY });

// Region: a country belongs to at most one region, so an existing one for DE is reused.
const [existingRegion] = (await client.regions.list({ country: STORE.country })).data;
const region =
  existingRegion ??
  (await client.regions.create({
    name: 'Europe',
    countries: [STORE.country],
    currency: STORE.currency,
    pricesIncludeTax: true,
  }));
if (region.currency !== STORE.currency) {
  throw new Error(
    `region ${region.id} for ${STORE.country} sells in ${region.currency}, not ${STORE.currency}`,
  );
}
console.log(`region ${region.id}: ${region.name} (${region.countries.join(', ')}), ${region.currency}`);

// Tax: one region-wide default rate (no subdivision, no category), which also taxes shipping.
const rates = (await client.taxRates.list({ regionId: region.id })).data;
const vat =
  rates.find((rate) => rate.subdivision === null && rate.taxCategory === null) ??
  (await client.taxRates.create({
    regionId: region.id,
    name: 'VAT',
    rateBps: STORE.vatBps,
    appliesToShipping: true,
  }));
console.log(`tax rate ${vat.id}: ${vat.name} ${vat.rateBps / 100} %`);

// Shipping: two flat-rate methods; the storefront picks the cheaper one.
const methods = (await client.shippingMethods.list({ regionId: region.id })).data;
for (const wanted of STORE.shipping) {
  const method =
    methods.find((m) => m.name === wanted.name) ??
    (await client.shippingMethods.create({
      regionId: region.id,
      name: wanted.name,
      rule: { type: 'flat', amount: wanted.amount },
    }));
  console.log(`shipping method ${method.id}: ${method.name}`);
}

// A product with two options and two of their combinations as variants, prices with tax in EUR.
try {
  const product = await client.products.create({
    name: STORE.product.name,
    handle: STORE.product.handle,
    options: [
      { name: 'Colour', values: ['Black', 'White'] },
      { name: 'Size', values: ['M', 'L'] },
    ],
    variants: STORE.variants.map((variant) => ({
      sku: variant.sku,
      options: variant.options,
      prices: [{ currency: STORE.currency, amount: variant.price }],
      stock: 1000,
    })),
  });
  console.log(`product ${product.id}: ${product.name}`);
} catch (error) {
  if (!(error instanceof ConflictError)) throw error;
  console.log(`product ${STORE.product.handle}: already there (${error.code})`);
}
for (const variant of STORE.variants) {
  console.log(`  ${variant.sku}: ${formatMoney(variant.price, STORE.currency)}`);
}

// The code: a percentage off the order, no usage limit.
const [existingPromotion] = (await client.promotions.list({ code: STORE.code })).data;
const promotion =
  existingPromotion ??
  (await client.promotions.create({
    code: STORE.code,
    name: `${STORE.codePercent} % off for new customers`,
    discount: { type: 'percentage', bps: STORE.codePercent * 100 },
  }));
console.log(`promotion ${promotion.id}: ${promotion.code}`);
console.log('ready: run node checkout.mjs (no API key needed)');
