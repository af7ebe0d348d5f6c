import { defineConfig } from 'vite';

// On 127.0.0.1, the daemon's own host: the page and the API are then the same site, so the browser sends the
// daemon's SameSite cookies (session, guest cart) with the storefront's requests. Open it as 127.0.0.1, not as
// localhost, which is another site.
export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { target: 'es2022' },
});
