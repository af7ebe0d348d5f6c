import { TillpointStorefront } from '@tillpoint/sdk/storefront';
import { settings } from './settings.js';

/**
 * The one client of the page. `credentials: 'include'` makes it a cookie session: the browser keeps the guest
 * cart's token (`tp_cart_<id>`) and a customer's session in the daemon's HttpOnly cookies, where no script on the
 * page can read them, and sends them with every request.
 */
export const shop = new TillpointStorefront({
  baseUrl: settings.apiUrl,
  credentials: 'include',
  timeout: 15_000,
});
