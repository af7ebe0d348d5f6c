/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The daemon's URL, e.g. http://127.0.0.1:7400. */
  readonly VITE_TILLPOINT_URL?: string;
  /** The country the shop sells to; its region decides currency, tax and shipping. */
  readonly VITE_TILLPOINT_COUNTRY?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
