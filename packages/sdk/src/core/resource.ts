import type { Tillpoint } from '../client.js';

/** Base of the resource classes (`client.meta`, …): each holds the client and adds one method per endpoint. */
export abstract class APIResource {
  protected readonly client: Tillpoint;

  /** @internal Built by the client. */
  constructor(client: Tillpoint) {
    this.client = client;
  }
}
