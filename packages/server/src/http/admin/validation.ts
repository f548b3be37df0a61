/**
 * Request validation of the admin API: its TypeBox schemas, checked as they
 * are, without coercion. Fastify's default Ajv coerces (`coerceTypes:
 * 'array'`): `"amount": ["5"]` became `"5"`, a JSON number became a string
 * after JSON.parse had already rounded it, `"scale": "8"` became 8. Here a
 * value of the wrong type is a 400 INVALID_PARAMETER naming the field, and a
 * decimal sent as a JSON number reaches the handler as the number it is,
 * whose exact text `decimalReader` (./decimals.ts) recovers from the body.
 * (The /v2 routes do not validate at all: http/schemas/common.ts.)
 */
import type { FastifyInstance, FastifySchema } from 'fastify';
import { Kind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { ApiError } from '../api-error.js';

function isTypeBoxSchema(schema: unknown): schema is TSchema {
  return typeof schema === 'object' && schema !== null && Kind in schema;
}

/** What a value of the wrong type should have been. */
const EXPECTED: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.String]: 'a string',
  [ValueErrorType.Integer]: 'an integer',
  [ValueErrorType.Number]: 'a number',
  [ValueErrorType.Boolean]: 'true or false',
  [ValueErrorType.Object]: 'an object',
};

/** `/amount` -> `amount` (JSON pointer unescaped). */
function fieldOf(path: string): string {
  return path.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
}

function messageOf(e: ValueError, part: string): string {
  if (e.path === '') return part === 'body' ? 'Request body must be a JSON object' : `Request ${part} must be an object`;
  const field = fieldOf(e.path);
  if (e.type === ValueErrorType.ObjectRequiredProperty) return `Required parameter '${field}' is not present`;
  const expected = EXPECTED[e.type];
  if (expected !== undefined) return `Parameter '${field}' must be ${expected}`;
  // A union names what it accepts in its description (schemas.ts: `Decimal` -> "must be a decimal, as a string or a JSON number").
  const description = (e.schema as { description?: unknown }).description;
  if (e.type === ValueErrorType.Union && typeof description === 'string') return `Parameter '${field}' must be a ${description}`;
  return `Parameter '${field}' is invalid: ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`;
}

/** Validate this plugin's routes with their TypeBox schemas, never coercing (see the file comment). */
export function validateWithoutCoercion(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) => {
    if (!isTypeBoxSchema(schema)) throw new Error(`admin route schema (${httpPart ?? '?'}) is not a TypeBox schema`);
    const check = TypeCompiler.Compile(schema);
    const part = httpPart ?? 'body';
    return (data: unknown) => {
      if (check.Check(data)) return true;
      // An ApiError passes fastify's validation path unchanged and error-handler.ts answers it as it is.
      const first = check.Errors(data).First();
      return { error: new ApiError('INVALID_PARAMETER', first === undefined ? `Invalid request ${part}` : messageOf(first, part)) };
    };
  });
}
