import { Flags } from '@oclif/core';
import type { RequestOptions } from '@tillpoint/sdk';

/** `--cart-token`: a guest cart's token, sent as X-Cart-Token (operators debugging a shopper's cart). */
export const cartTokenFlag = () =>
  Flags.string({
    description:
      "A guest cart's token (sent as X-Cart-Token); not needed for your own or, as an admin, any cart.",
    helpValue: '<token>',
  });

/** Request options sending the cart token, when given. */
export function cartTokenOptions(token: string | undefined, extra: RequestOptions = {}): RequestOptions {
  return token ? { ...extra, headers: { ...extra.headers, 'x-cart-token': token } } : extra;
}
