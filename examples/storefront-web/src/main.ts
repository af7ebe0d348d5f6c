import './style.css';
import { loadCart } from './cart-session.js';
import { startRouter } from './router.js';
import { cartView } from './views/cart-view.js';
import { catalogView } from './views/catalog-view.js';
import { checkoutView } from './views/checkout-view.js';
import { orderView } from './views/order-view.js';
import { productView } from './views/product-view.js';

const outlet = document.getElementById('app');
if (!outlet) throw new Error('index.html has no #app');

startRouter(
  [
    { pattern: /^\/$/, view: catalogView },
    { pattern: /^\/products\/([^/]+)$/, view: productView },
    { pattern: /^\/cart$/, view: cartView },
    { pattern: /^\/checkout$/, view: checkoutView },
    { pattern: /^\/orders\/([^/]+)$/, view: orderView },
  ],
  outlet,
);
// The header's count: the cart ID kept from an earlier visit still opens the cart through its cookie.
loadCart().catch(() => undefined);
