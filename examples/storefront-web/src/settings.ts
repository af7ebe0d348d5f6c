/**
 * What the storefront needs to know, fixed at build time from `VITE_*` variables (a `.env` file or the
 * environment of `vite build`/`vite`). The defaults match examples/storefront-checkout's shop on a local daemon.
 */
export const settings = {
  /** The daemon. Same site as the page (cookies are SameSite), and the page's origin in its corsOrigins. */
  apiUrl: import.meta.env.VITE_TILLPOINT_URL || 'http://127.0.0.1:7400',
  /** The country the shop sells to: its region sets the currency, tax and shipping. */
  country: import.meta.env.VITE_TILLPOINT_COUNTRY || 'DE',
};
