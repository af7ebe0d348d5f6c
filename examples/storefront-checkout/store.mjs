// What the storefront knows about the shop that setup.mjs creates: the country it sells to, its two variants and
// the code it advertises. Shared by both scripts so they cannot disagree.
export const STORE = {
  country: 'DE',
  currency: 'EUR',
  product: { name: 'Storefront Tee', handle: 'storefront-tee' },
  variants: [
    { sku: 'STOREFRONT-TEE-BLACK-M', options: { Colour: 'Black', Size: 'M' }, price: 2500 },
    { sku: 'STOREFRONT-TEE-WHITE-L', options: { Colour: 'White', Size: 'L' }, price: 2900 },
  ],
  vatBps: 1900,
  shipping: [
    { name: 'Express', amount: 995 },
    { name: 'Standard', amount: 495 },
  ],
  code: 'WELCOME10',
  codePercent: 10,
};
