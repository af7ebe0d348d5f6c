import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Serializes responses with fast-json-stringify compiled, once per route and status, from the
 * JSON Schema of the route's zod response schema. fastify-type-provider-zod's serializer instead
 * encodes every response through zod and then `JSON.stringify`: a validation pass per response that
 * our own services do not need (they build the shapes from the same schemas). Fields a schema does
 * not declare are dropped, as with any Fastify response schema.
 *
 * A schema that has no JSON Schema form falls back to `JSON.stringify`.
 */
export const serializerFromZod: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  // Compiled on first use: compiling every route's serializers up front cost most of a second at start-up.
  let serialize: ((data: unknown) => string) | undefined;
  return (data: unknown) => {
    serialize ??= compile(schema);
    return serialize(data);
  };
};

const NO_METADATA = z.registry<Record<string, unknown>>();

function compile(schema: z.ZodType): (data: unknown) => string {
  try {
    // No metadata: component ids (for the OpenAPI document) would turn shapes into `definitions` + `$ref`s here.
    const jsonSchema = z.toJSONSchema(schema, {
      io: 'output',
      target: 'draft-7',
      unrepresentable: 'any',
      metadata: NO_METADATA,
    });
    return fastJsonStringify(jsonSchema as Parameters<typeof fastJsonStringify>[0]);
  } catch {
    return (data: unknown) => JSON.stringify(data);
  }
}
