import type { FieldError, Problem } from '../schemas/problem.js';

// The client core is zod-free so that the browser storefront bundle stays small. This reads a problem body by the
// same rules as `ProblemSchema` (a property test holds the two together): extra members are kept, field errors keep
// only their documented members.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

function readFieldError(value: unknown): FieldError | undefined {
  if (!isObject(value)) return undefined;
  const { path, message, code } = value;
  if (typeof path !== 'string' || typeof message !== 'string' || !isOptionalString(code)) return undefined;
  return code === undefined ? { path, message } : { path, message, code };
}

/** The body as an RFC 9457 problem document, or `undefined` when it is not one. */
export function readProblem(body: unknown): Problem | undefined {
  if (!isObject(body)) return undefined;
  const { type, title, status, code, detail, instance, requestId, errors } = body;
  if (typeof type !== 'string' || typeof title !== 'string' || typeof code !== 'string') return undefined;
  if (typeof status !== 'number' || !Number.isSafeInteger(status)) return undefined;
  if (!isOptionalString(detail) || !isOptionalString(instance) || !isOptionalString(requestId))
    return undefined;
  if (errors === undefined) return { ...body } as Problem;
  if (!Array.isArray(errors)) return undefined;
  const fieldErrors = errors.map(readFieldError);
  if (fieldErrors.some((error) => error === undefined)) return undefined;
  return { ...body, errors: fieldErrors as FieldError[] } as Problem;
}
