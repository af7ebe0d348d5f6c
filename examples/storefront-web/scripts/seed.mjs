// Seeds the shop this storefront sells from, with an admin API key: first examples/storefront-checkout's
// setup.mjs, run as it is (a region for Germany in EUR with prices including tax, 19 % VAT, the shipping methods
// Standard and Express, the Storefront Tee with two variants, the code WELCOME10), then the tee's two pictures.
// Running it again reuses what is already there.
//   TILLPOINT_URL=http://127.0.0.1:7400 TILLPOINT_API_KEY=tp_… node scripts/seed.mjs
import { readFile } from 'node:fs/promises';
import { Tillpoint } from '@tillpoint/sdk';
import { STORE } from '../../storefront-checkout/store.mjs';

await import('../../storefront-checkout/setup.mjs');

const PICTURES = [
  { file: 'tee-black.png', alt: `${STORE.product.name} in black` },
  { file: 'tee-white.png', alt: `${STORE.product.name} in white` },
];

const client = new Tillpoint({ apiKey: process.env.TILLPOINT_API_KEY });
const [sku] = STORE.variants.map((variant) => variant.sku);
const product = (await client.products.list({ q: sku })).data.find(
  (candidate) => candidate.handle === STORE.product.handle,
);
if (!product) throw new Error(`no product ${STORE.product.handle}: setup.mjs did not create it`);

if (product.media.length > 0) {
  console.log(`media: ${product.name} already has ${product.media.length} pictures`);
} else {
  for (const picture of PICTURES) {
    const bytes = await readFile(new URL(`../seed/${picture.file}`, import.meta.url));
    const media = await client.products.media.upload(product.id, bytes, {
      alt: picture.alt,
      filename: picture.file,
    });
    console.log(`media ${media.id}: ${picture.file} (${media.width}×${media.height})`);
  }
}
console.log('ready: start the storefront (see README.md)');
