import { ConnectionError, TillpointError } from '@tillpoint/sdk/storefront';
import { settings } from './settings.js';

/**
 * What to tell the shopper about a failed call: the daemon's problem detail (and field errors) when it answered.
 * A browser reports a refusal by CORS as a failed connection, so that message names both likely causes.
 */
export function describeError(error: unknown): string {
  if (error instanceof ConnectionError) {
    return `Cannot reach the shop at ${settings.apiUrl}: is the daemon running, and does its corsOrigins list ${window.location.origin}?`;
  }
  if (error instanceof TillpointError) {
    const text = error.problem?.detail ?? error.problem?.title ?? error.message;
    const fields = (error.errors ?? [])
      .filter((issue) => !text.includes(issue.message))
      .map((issue) => `${issue.path}: ${issue.message}`);
    return [text, ...fields].join(' — ');
  }
  return error instanceof Error ? error.message : String(error);
}
