import type { APIClient } from './api-client.js';

/** Base of the resource classes (`client.meta`, …): each holds the client and adds one method per endpoint. */
export abstract class APIResource {
  protected readonly client: APIClient;

  /** @internal Built by the client. */
  constructor(client: APIClient) {
    this.client = client;
  }
}
