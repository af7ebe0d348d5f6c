import {
  AddCartItemRequestSchema,
  AddressSchema,
  ApplyCartPromotionRequestSchema,
  CartIdSchema,
  CartItemIdSchema,
  CartSchema,
  CartShippingOptionsSchema,
  CompleteCartRequestSchema,
  CompletedCartSchema,
  CreateCartRequestSchema,
  CreatedCartSchema,
  SetCartEmailRequestSchema,
  SetCartShippingMethodRequestSchema,
  UpdateCartItemRequestSchema,
} from '@tillpoint/sdk/schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { withProblems } from '../../http/openapi.js';
import { cartCookieName } from './cart-access.js';
import type { CartCaller, CartsService } from './carts-service.js';

const Params = z.object({ id: CartIdSchema });
const ItemParams = z.object({ id: CartIdSchema, itemId: CartItemIdSchema });
const CodeParams = z.object({ id: CartIdSchema, code: z.string().min(1).max(40) });
/** A guest cart's token; browsers send the `tp_cart_<id>` cookie instead. */
const CartTokenHeaders = z.looseObject({
  'x-cart-token': z.string().max(200).optional().describe("A guest cart's token (from POST /v1/carts)"),
});
const tags = ['carts'];
/** The cookie reaches the cart routes and sign-in (which merges the guest cart), nothing else. */
export const CART_COOKIE_PATH = '/v1';

/** The caller and the guest token they sent for cart `id`: the `X-Cart-Token` header, else the cookie. */
function callerOf(request: FastifyRequest, id: string): CartCaller {
  const header = request.headers['x-cart-token'];
  const token = (typeof header === 'string' ? header : undefined) ?? request.cookies?.[cartCookieName(id)];
  return { principal: request.principal, token: token ?? null };
}

/**
 * The guest carts a sign-in request holds: `X-Cart-Id` with `X-Cart-Token`, and every `tp_cart_<id>` cookie.
 */
export function guestCartsOf(request: FastifyRequest): Array<{ cartId: string; token: string }> {
  const found: Array<{ cartId: string; token: string }> = [];
  const id = request.headers['x-cart-id'];
  const token = request.headers['x-cart-token'];
  if (typeof id === 'string' && typeof token === 'string') found.push({ cartId: id, token });
  for (const [name, value] of Object.entries(request.cookies ?? {})) {
    const cartId = name.startsWith('tp_cart_') ? name.slice('tp_cart_'.length) : null;
    if (cartId && value && !found.some((cart) => cart.cartId === cartId))
      found.push({ cartId, token: value });
  }
  return found;
}

/**
 * Sign-in hook for the auth routes: merges (or adopts) the guest carts the request holds into the customer's cart
 * and drops their cookies. A cart that cannot be merged never fails the sign-in.
 */
export function mergeGuestCartsOnSignIn(carts: CartsService, config: Pick<Config, 'cookieSecure'>) {
  return async (request: FastifyRequest, userId: string, reply?: FastifyReply) => {
    for (const { cartId, token } of guestCartsOf(request).slice(0, 5)) {
      try {
        await carts.mergeGuestCart(userId, cartId, token);
      } catch (error) {
        request.log.warn({ err: error, cartId }, 'guest cart merge failed');
      }
      reply?.clearCookie(cartCookieName(cartId), {
        path: CART_COOKIE_PATH,
        httpOnly: true,
        secure: config.cookieSecure,
        sameSite: 'lax',
      });
    }
  };
}

/** `/v1/carts`: guest and customer carts, priced on every answer, and their completion into an order. */
export const cartsRoutes: FastifyPluginAsyncZod<{
  carts: CartsService;
  config: Pick<Config, 'cookieSecure'>;
}> = async (app, { carts, config }) => {
  app.post(
    '/v1/carts',
    {
      // The answer holds the guest token: it is never stored for replay.
      config: { permission: 'carts:use', idempotent: false },
      schema: {
        operationId: 'carts.create',
        tags,
        summary: 'Start a cart; a guest gets its token once (and as an HttpOnly cookie)',
        body: CreateCartRequestSchema.nullish(),
        response: withProblems({ 201: CreatedCartSchema }),
      },
    },
    async (request, reply) => {
      const { cart, token } = await carts.create(request.principal, request.body ?? {});
      if (token) {
        reply.setCookie(cartCookieName(cart.id), token, {
          httpOnly: true,
          secure: config.cookieSecure,
          sameSite: 'lax',
          path: CART_COOKIE_PATH,
          maxAge: 365 * 24 * 3600,
        });
      }
      return reply.status(201).send({ ...cart, cart_token: token });
    },
  );

  app.get(
    '/v1/carts/:id',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.get',
        tags,
        summary: 'Get a cart with its full breakdown and fingerprint',
        params: Params,
        headers: CartTokenHeaders,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) => carts.get(callerOf(request, request.params.id), request.params.id),
  );

  app.get(
    '/v1/me/cart',
    {
      config: { permission: 'me:read' },
      schema: {
        operationId: 'carts.mine',
        tags,
        summary: "The signed-in customer's open cart (after a sign-in, the one a guest cart was merged into)",
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) => carts.openCartOf(request.principal),
  );

  app.post(
    '/v1/carts/:id/items',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.items.add',
        tags,
        summary: 'Add a variant (by sku or variantId); adding it again adds to its quantity',
        params: Params,
        headers: CartTokenHeaders,
        body: AddCartItemRequestSchema,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) => carts.addItem(callerOf(request, request.params.id), request.params.id, request.body),
  );

  app.patch(
    '/v1/carts/:id/items/:itemId',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.items.update',
        tags,
        summary: "Change a line's quantity (at least 1; DELETE the line to remove it)",
        params: ItemParams,
        headers: CartTokenHeaders,
        body: UpdateCartItemRequestSchema,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) =>
      carts.updateItem(
        callerOf(request, request.params.id),
        request.params.id,
        request.params.itemId,
        request.body.quantity,
      ),
  );

  app.delete(
    '/v1/carts/:id/items/:itemId',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.items.remove',
        tags,
        summary: 'Remove a line',
        params: ItemParams,
        headers: CartTokenHeaders,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) =>
      carts.removeItem(callerOf(request, request.params.id), request.params.id, request.params.itemId),
  );

  app.put(
    '/v1/carts/:id/email',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.email.set',
        tags,
        summary: 'Set where the order confirmation goes',
        params: Params,
        headers: CartTokenHeaders,
        body: SetCartEmailRequestSchema,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) =>
      carts.setEmail(callerOf(request, request.params.id), request.params.id, request.body.email),
  );

  for (const [kind, operationId, summary] of [
    [
      'shipping',
      'carts.shippingAddress.set',
      'Set the shipping address; a country of another region moves the cart there (422 region_mismatch when the items are priced in another currency)',
    ],
    [
      'billing',
      'carts.billingAddress.set',
      'Set the billing address (tax follows it when no shipping address is set)',
    ],
  ] as const) {
    app.put(
      `/v1/carts/:id/${kind}-address`,
      {
        config: { permission: 'carts:use' },
        schema: {
          operationId,
          tags,
          summary,
          params: Params,
          headers: CartTokenHeaders,
          body: AddressSchema,
          response: withProblems({ 200: CartSchema }),
        },
      },
      async (request) => {
        const caller = callerOf(request, request.params.id);
        return kind === 'shipping'
          ? carts.setShippingAddress(caller, request.params.id, request.body)
          : carts.setBillingAddress(caller, request.params.id, request.body);
      },
    );
  }

  app.get(
    '/v1/carts/:id/shipping-options',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.shippingOptions.list',
        tags,
        summary: 'The shipping methods that ship this cart, with their prices, cheapest first',
        params: Params,
        headers: CartTokenHeaders,
        response: withProblems({ 200: CartShippingOptionsSchema }),
      },
    },
    async (request) => carts.shippingOptions(callerOf(request, request.params.id), request.params.id),
  );

  app.put(
    '/v1/carts/:id/shipping-method',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.shippingMethod.set',
        tags,
        summary: 'Choose a shipping method (422 shipping_method_unavailable when it does not ship the cart)',
        params: Params,
        headers: CartTokenHeaders,
        body: SetCartShippingMethodRequestSchema,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) =>
      carts.setShippingMethod(
        callerOf(request, request.params.id),
        request.params.id,
        request.body.shippingMethodId,
      ),
  );

  app.post(
    '/v1/carts/:id/promotions',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.promotions.apply',
        tags,
        summary: "Enter a promotion code (any case); 422 with the promotion's reason when it does not apply",
        params: Params,
        headers: CartTokenHeaders,
        body: ApplyCartPromotionRequestSchema,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) =>
      carts.applyPromotion(callerOf(request, request.params.id), request.params.id, request.body.code),
  );

  app.delete(
    '/v1/carts/:id/promotions/:code',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.promotions.remove',
        tags,
        summary: 'Remove an entered code',
        params: CodeParams,
        headers: CartTokenHeaders,
        response: withProblems({ 200: CartSchema }),
      },
    },
    async (request) =>
      carts.removePromotion(callerOf(request, request.params.id), request.params.id, request.params.code),
  );

  app.post(
    '/v1/carts/:id/complete',
    {
      config: { permission: 'carts:use' },
      schema: {
        operationId: 'carts.complete',
        tags,
        summary:
          'Complete the cart into an order: re-priced in one transaction; 409 cart_changed (with the new cart) when the fingerprint moved',
        params: Params,
        headers: CartTokenHeaders,
        body: CompleteCartRequestSchema,
        response: withProblems({ 201: CompletedCartSchema }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await carts.complete(
            callerOf(request, request.params.id),
            request.params.id,
            request.body.fingerprint,
            request.idempotency?.commitWith(201),
          ),
        ),
  );
};
