import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';

interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}

const REF_PREFIX = '#/components/schemas/';

/**
 * Tidies the component schemas fastify-type-provider-zod derives from the zod registry. It emits every schema with
 * an id twice, `X` as a response (output) and `XInput` as a request (input) reads it, whether or not the
 * document uses both. This keeps one entry per schema a client sees, named as the SDK names it:
 * - components nothing references are dropped;
 * - `XInput` becomes `X` when only the request form is used (`CreateOrderRequest`, not `CreateOrderRequestInput`);
 * - `XInput` merges into `X` when both forms are the same schema.
 * `XInput` stays only where the request form really differs (a default makes a field optional on input).
 */
export function namedComponents<T extends OpenApiDocument>(document: T): T {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const inputNames = new Map<string, string>();
  for (const id of z.globalRegistry._idmap.keys()) inputNames.set(`${id}Input`, id);
  let current = structuredClone(document);
  for (let changed = true; changed; ) {
    changed = false;
    current = withoutUnreferenced(current);
    const components = current.components?.schemas ?? {};
    for (const [inputName, name] of inputNames) {
      if (!(inputName in components)) continue;
      if (name in components && !isDeepStrictEqual(components[inputName], components[name])) continue;
      current = renamed(current, inputName, name);
      changed = true;
    }
  }
  if (current.components?.schemas) current.components.schemas = sortedKeys(current.components.schemas);
  return current;
}

/** Rewrites every `$ref` to `from` into one to `to`, and moves the component (dropping `from` if `to` exists). */
function renamed<T extends OpenApiDocument>(document: T, from: string, to: string): T {
  const next = JSON.parse(JSON.stringify(document), (key, value) =>
    key === '$ref' && value === `${REF_PREFIX}${from}` ? `${REF_PREFIX}${to}` : value,
  ) as T;
  const schemas = next.components?.schemas ?? {};
  if (!(to in schemas)) schemas[to] = schemas[from];
  delete schemas[from];
  return next;
}

/** Drops the component schemas that no operation reaches, directly or through other components. */
function withoutUnreferenced<T extends OpenApiDocument>(document: T): T {
  const schemas = document.components?.schemas ?? {};
  const { components, ...rest } = document;
  const reached = new Set<string>();
  const pending = [...refsIn(rest), ...refsIn({ ...components, schemas: undefined })];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  return { ...document, components: { ...components, schemas: kept } };
}

function refsIn(value: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(value ?? null, (key, inner) => {
    if (key === '$ref' && typeof inner === 'string' && inner.startsWith(REF_PREFIX))
      found.push(inner.slice(REF_PREFIX.length));
    return inner;
  });
  return found;
}

function sortedKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
