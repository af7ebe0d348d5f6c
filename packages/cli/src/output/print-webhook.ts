import type { WebhookDelivery, WebhookEndpoint } from '@tillpoint/sdk';
import type { Style } from './colors.js';
import { formatTime } from './format.js';
import type { Output } from './output.js';

/** An endpoint's or a delivery's status, coloured by outcome. */
export function webhookStatusText(status: string, s: Style): string {
  if (status === 'enabled' || status === 'succeeded') return s.green(status);
  if (status === 'disabled' || status === 'failed') return s.red(status);
  return status;
}

export function printWebhookEndpoint(out: Output, endpoint: WebhookEndpoint): void {
  const s = out.style;
  const pairs: [string, string][] = [
    ['ID', endpoint.id],
    ['URL', endpoint.url],
    ['Events', endpoint.eventTypes.join(', ')],
    ['Status', webhookStatusText(endpoint.status, s)],
  ];
  if (endpoint.description) pairs.push(['Description', endpoint.description]);
  if (endpoint.disabledReason) pairs.push(['Disabled because', s.red(endpoint.disabledReason)]);
  if (endpoint.failingSince) pairs.push(['Failing since', s.yellow(formatTime(endpoint.failingSince, s))]);
  if (endpoint.secretRotatedAt) pairs.push(['Secret rotated', formatTime(endpoint.secretRotatedAt, s)]);
  pairs.push(['Created', formatTime(endpoint.createdAt, s)]);
  out.keyValue(pairs);
}

export function printWebhookDelivery(out: Output, delivery: WebhookDelivery): void {
  const s = out.style;
  const pairs: [string, string][] = [
    ['ID', delivery.id],
    ['Endpoint', delivery.endpointId],
    ['Event', `${delivery.eventType} ${delivery.eventId}`],
    ['Status', webhookStatusText(delivery.status, s)],
    ['Attempts', String(delivery.attempts)],
    ['Response', delivery.responseStatus === null ? '-' : String(delivery.responseStatus)],
    ['Latency', delivery.latencyMs === null ? '-' : `${delivery.latencyMs} ms`],
    ['Last attempt', formatTime(delivery.lastAttemptAt, s)],
    ['Next attempt', formatTime(delivery.nextAttemptAt, s)],
  ];
  if (delivery.error) pairs.push(['Error', s.red(delivery.error)]);
  out.keyValue(pairs);
  if (delivery.responseBody) {
    out.line();
    out.line(delivery.responseBody);
  }
}
