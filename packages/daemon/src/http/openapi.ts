import fastifySwagger from '@fastify/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '@tillpoint/sdk/schemas';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCESS_COOKIE } from '../modules/auth/auth-cookies.js';
import { DAEMON_VERSION } from '../version.js';
import { registerApiReferenceUi } from './api-reference-ui.js';
import { PERMISSIONS, type Permission } from './auth/permissions.js';
import {
  describeOperation,
  type HeadersSchema,
  OPTIONAL_BODY_MARK,
  RATE_LIMITED_MARK,
  withIdempotencyKey,
  withOptionalBodies,
  withResponseHeaders,
  withStatusDescriptions,
} from './openapi-annotations.js';
import { namedComponents } from './openapi-components.js';
import { honoursIdempotencyKey } from './plugins/idempotency.js';
import { sendsRateLimitHeaders } from './plugins/rate-limits.js';

/** The response schema of a 204 (and of a 304): no body. */
export const NoContent = z.null().describe('No content');

/** A body of raw bytes (a file, an image): for {@link fileResponse} and `config.openapiBody`. */
export const Bytes = z.string().meta({ format: 'binary' });

/** A JSON file whose shape depends on what made it (a report): any JSON. */
const AnyJson = z.unknown().describe('A JSON document');

/**
 * A success response whose body is not JSON (a download, an image, an event stream): the media types the handler
 * really sends, for the OpenAPI document. Handlers send streams, which Fastify never serializes.
 */
export function fileResponse(description: string, mediaTypes: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(
      mediaTypes.map((type) => [type, { schema: type === 'application/json' ? AnyJson : Bytes }]),
    ),
  };
}

/** Whether a route's body schema (zod) takes a request that has no body, which Fastify validates as `undefined`. */
function acceptsNoBody(body: unknown): boolean {
  return body instanceof z.ZodType && body.safeParse(undefined).success;
}

function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } };
}

/**
 * Error responses every route may give, documented once: problem+json with a stable `code`. 401 and 500 are named
 * besides their classes because clients branch on them (sign in again; report the request ID).
 */
const PROBLEM_RESPONSES = {
  '401': problemResponse('Missing, invalid or expired credentials (`unauthenticated`)'),
  '4XX': problemResponse('Client error (problem+json); branch on `code`'),
  '500': problemResponse('Internal error (`internal`); quote the `requestId` when reporting it'),
  '5XX': problemResponse('Server error (problem+json); branch on `code`'),
} as const;

const RATE_LIMITED = problemResponse('Rate limited (`rate_limited`); retry after `Retry-After` seconds');

/** A route's success responses plus the shared problem responses, for its OpenAPI entry. */
export function withProblems<T extends Record<number, unknown>>(responses: T) {
  return { ...responses, ...PROBLEM_RESPONSES };
}

/** Every tag a route may use, with the description the document gives it. A route with another tag fails the tests. */
export const OPENAPI_TAGS = [
  { name: 'system', description: 'Liveness, readiness and what this daemon is' },
  { name: 'auth', description: 'Sign-up, login, token refresh, logout and password reset' },
  { name: 'me', description: 'Your own account: profile, password and address book' },
  { name: 'users', description: 'Every account (admin)' },
  { name: 'api-keys', description: 'Scoped, revocable API keys for automation' },
  { name: 'products', description: 'The catalog: products, their stock and images' },
  { name: 'variants', description: 'Variants of a product: SKU, prices, options and stock' },
  { name: 'collections', description: 'Ordered groups of products' },
  { name: 'regions', description: 'Markets: countries, currency and whether prices include tax' },
  { name: 'tax-rates', description: 'Tax rates per region, subdivision and tax category (admin)' },
  { name: 'shipping-methods', description: 'Shipping methods per region and their price rules' },
  { name: 'promotions', description: 'Discount codes and automatic promotions (admin)' },
  {
    name: 'carts',
    description:
      'Guest and customer carts priced on every answer (tax, shipping, promotions), completed into orders; guest carts and orders are reached with their secret token',
  },
  { name: 'orders', description: 'Placing orders and moving them through their states' },
  { name: 'payments', description: 'Paying orders, capturing and refunding payments' },
  { name: 'events', description: 'The domain event log, listed or streamed live (Server-Sent Events)' },
  {
    name: 'webhooks',
    description: 'Outbound webhook endpoints and deliveries, and the incoming Stripe webhook',
  },
  { name: 'jobs', description: 'Background jobs, queues, uploads for imports and job results' },
  { name: 'schedules', description: 'Cron and interval schedules that enqueue jobs' },
  { name: 'backups', description: 'Online SQLite backups' },
  { name: 'audit', description: 'Who changed what (admin)' },
] as const;

/** The security schemes: how a caller proves who it is (see `http/auth/authentication-hook.ts`). */
const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Access token (JWT, 1 h) from `POST /v1/auth/login` or `/v1/auth/refresh`.',
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'tp_… API key',
    description: 'An API key (`tp_…`) from `POST /v1/api-keys`, sent as `Authorization: Bearer tp_…`.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: ACCESS_COOKIE,
    description: 'The HTTP-only access-token cookie that login sets for browsers.',
  },
} as const;

const ANY_CREDENTIAL = Object.keys(SECURITY_SCHEMES).map((scheme) => ({ [scheme]: [] }));

/** Public permissions whose routes answer more to a caller with credentials (staff see drafts and inactive items). */
const OPTIONAL_CREDENTIAL_PERMISSIONS = new Set<Permission>(['products:read', 'collections:read']);

/**
 * The `security` of an operation, from the route's permission in the RBAC table: any credential for a permission
 * guests lack; none (`[]`) for public routes; "none or any" (`[{}, …]`) where credentials widen the answer.
 */
export function securityFor(permission: Permission | undefined): Array<Record<string, string[]>> {
  if (!permission || !(PERMISSIONS[permission] as readonly string[]).includes('guest')) return ANY_CREDENTIAL;
  return OPTIONAL_CREDENTIAL_PERMISSIONS.has(permission) ? [{}, ...ANY_CREDENTIAL] : [];
}

const zodTransform = createJsonSchemaTransform({});

/**
 * OpenAPI 3.1, generated from the routes' zod schemas (the SDK's), served at `/openapi.json`, with a browsable
 * reference at `/docs` (loaded on its first visit: `api-reference-ui.ts`). Every operation has the `operationId` its
 * route declares and the `security` its permission implies; every SDK schema with a component id (`.meta({ id })`)
 * is one entry of `components.schemas`, referenced with `$ref` (see `openapi-components.ts`). Registered before any
 * route so every route is captured.
 */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tillpoint API',
        version: DAEMON_VERSION,
        description:
          'Self-hostable commerce backend. Errors are RFC 9457 `application/problem+json` with a stable `code`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'The daemon that serves this document' }],
      tags: OPENAPI_TAGS.map((tag) => ({ ...tag })),
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: (input) => {
      const { route } = input;
      const body = route.config?.openapiBody;
      // A streamed or multipart body is read by the handler, not validated by Fastify: documented here only.
      const rateLimited = sendsRateLimitHeaders(route);
      const withBody = body
        ? { ...input.schema, body: body.schema, consumes: [...body.mediaTypes] }
        : input.schema;
      const schema =
        rateLimited && withBody?.response
          ? { ...withBody, response: { ...(withBody.response as object), '429': RATE_LIMITED } }
          : withBody;
      const transformed = zodTransform({ ...input, schema } as Parameters<typeof zodTransform>[0]);
      if (transformed.schema && !transformed.schema.hide) {
        const operation = transformed.schema as Record<string, unknown>;
        const permission = route.config?.permission;
        const idempotent = [route.method]
          .flat()
          .some((method) => honoursIdempotencyKey(method, route.config));
        operation.security = securityFor(permission);
        if (rateLimited) operation[RATE_LIMITED_MARK] = true;
        if (acceptsNoBody(withBody?.body)) operation[OPTIONAL_BODY_MARK] = true;
        operation.description ??= describeOperation(permission, idempotent);
        if (idempotent)
          operation.headers = withIdempotencyKey(operation.headers as HeadersSchema | undefined);
      }
      return transformed;
    },
    transformObject: (input) =>
      withOptionalBodies(
        withResponseHeaders(
          withStatusDescriptions(namedComponents(jsonSchemaTransformObject(input) as never)),
        ),
      ) as never,
  });
  registerApiReferenceUi(app);
  app.get('/openapi.json', { config: { permission: 'system:read' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A request body Fastify does not parse into JSON (a streamed upload, a multipart form), described for the
     * OpenAPI document only: its media types and the zod schema of its content.
     */
    openapiBody?: { mediaTypes: readonly string[]; schema: z.ZodType };
  }
}
