import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`: under NodeNext its default import is the module object.
const addFormats = formats as unknown as typeof formats.default;

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { required?: boolean; schema?: { type?: string } }>;
}

/** One answer, with the operation that gave it as the document names it (its path template and method). */
export interface AnsweredOperation {
  /** The document's path template, e.g. `/v1/carts/{id}/items`. */
  path: string;
  /** Lower case, as under the document's `paths`. */
  method: string;
  status: number;
  contentType: string | undefined;
  body: Buffer | string;
  /** The answer's headers (names in lower case); each one the response declares is checked against its schema. */
  headers?: Record<string, unknown>;
}

/**
 * Judges answers against the document the daemon serves, as a validating proxy does: the status must be declared for
 * the operation (exactly or by its `4XX`/`5XX` class), the media type must be one it declares for that status, and a
 * JSON body must match the declared schema (Ajv, JSON Schema 2020-12, as OpenAPI 3.1 uses).
 */
export function createResponseChecker(document: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: 'openapi.json' } as never);
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const paths = document.paths as Record<
    string,
    Record<string, { responses: Record<string, ResponseObject> }>
  >;

  function validatorFor(pointer: string) {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: pointer });
      validators.set(pointer, validate);
    }
    return validate;
  }

  return {
    /**
     * Whether the document calls `body` a valid JSON body for the operation; undefined when it declares none. A body
     * it calls invalid must be refused with a 4xx (Schemathesis's negative data rejection).
     */
    acceptsJsonBody(path: string, method: string, body: unknown): boolean | undefined {
      const operation = paths[path]?.[method] as { requestBody?: ResponseObject } | undefined;
      if (!operation?.requestBody?.content?.['application/json']) return undefined;
      return validatorFor(
        `openapi.json#/paths/${escapePointer(path)}/${method}/requestBody/content/application~1json/schema`,
      )(body) as boolean;
    },
    /** What is wrong with the answer, each problem prefixed with `name`; empty when it conforms. */
    problems(answer: AnsweredOperation, name: string): string[] {
      const responses = paths[answer.path]?.[answer.method]?.responses;
      if (!responses) return [`${name}: no operation ${answer.method} ${answer.path} in the document`];
      const status = String(answer.status);
      const statusKey = status in responses ? status : `${status[0]}XX`;
      const declared = responses[statusKey];
      if (!declared) return [`${name}: status not declared (${Object.keys(responses).join(', ')})`];
      const headerProblems = Object.entries(declared.headers ?? {}).flatMap(([header, declaration]) => {
        const sent = answer.headers?.[header.toLowerCase()];
        // A success of a rate-limited operation always passed the limiter, so it always carries its count.
        const expected = declaration.required || (status.startsWith('2') && header === 'RateLimit-Remaining');
        if (sent === undefined && expected && answer.headers) return [`${name}: header ${header} missing`];
        if (sent === undefined || !declaration.schema) return [];
        const value = declaration.schema.type === 'integer' ? Number(sent) : String(sent);
        const validate = ajv.compile(declaration.schema);
        return validate(value)
          ? []
          : [`${name}: header ${header}: ${sent} ${ajv.errorsText(validate.errors)}`];
      });
      return [...headerProblems, ...bodyProblems(answer, name, declared, statusKey)];
    },
  };

  /** What is wrong with the answer's media type and body, against the response the document declares. */
  function bodyProblems(
    answer: AnsweredOperation,
    name: string,
    declared: ResponseObject,
    statusKey: string,
  ) {
    const body = typeof answer.body === 'string' ? answer.body : answer.body.toString('utf8');
    if (!declared.content) return body.length > 0 ? [`${name}: a body where none is declared`] : [];
    const mediaType = answer.contentType?.split(';')[0]?.trim();
    if (!mediaType || !(mediaType in declared.content))
      return [`${name}: content type ${mediaType} not in ${Object.keys(declared.content).join(', ')}`];
    if (!/json$/.test(mediaType)) return [];
    const pointer = `openapi.json#/paths/${escapePointer(answer.path)}/${answer.method}/responses/${statusKey}/content/${escapePointer(mediaType)}/schema`;
    const validate = validatorFor(pointer);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`${name}: ${mediaType} body is not JSON: ${body.slice(0, 100)}`];
    }
    return validate(parsed) ? [] : [`${name}: response ${ajv.errorsText(validate.errors)}`];
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
