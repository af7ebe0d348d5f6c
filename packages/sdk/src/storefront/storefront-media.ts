import { APIResource } from '../core/resource.js';
import type { Media } from '../schemas/media.js';

/** Product images: where a page shows them from. */
export class StorefrontMediaResource extends APIResource {
  /**
   * The absolute URL of an image's bytes (`<baseUrl>/v1/media/:id`), for an `<img src>`. It needs no credentials
   * while the product is active; the daemon serves it with an `ETag` and long-lived caching.
   */
  url(media: string | Pick<Media, 'id'>): string {
    const id = typeof media === 'string' ? media : media.id;
    return `${this.client.baseUrl}/v1/media/${encodeURIComponent(id)}`;
  }
}
