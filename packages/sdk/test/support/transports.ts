/** The transports every transport-level suite runs on: `describe.each(TRANSPORTS)`. */
export const TRANSPORTS = ['fetch', 'undici'] as const;
export type TransportName = (typeof TRANSPORTS)[number];
