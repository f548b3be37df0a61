/**
 * Shared parts of the route schemas of the Open API v2 and account routes.
 *
 * The schemas DESCRIBE requests; they never validate them. Open API v2
 * clients send parameters in the query, the body or both, numbers as JSON
 * numbers or strings, with any content type (docs/api.md "Requests"), and
 * the handlers answer in the original service's words (`Required Integer
 * parameter 'status' is not present`). Ajv would coerce values (breaking
 * signatures over values "as the client sent them") and answer in its own
 * words, so every route plugin calls `describeRequestsOnly(app)`: a
 * validator compiler, scoped to that plugin, that accepts everything. The
 * schemas still feed the OpenAPI document (@fastify/swagger reads them).
 *
 * Response schemas are real: fastify serializes 200 bodies with
 * fast-json-stringify from them (`serializable()` below keeps that exact).
 */
import type {} from '@fastify/swagger'; // schema.tags / summary / description typings
import { ErrorBodySchema } from '@openmart/protocol';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';

const acceptEverything = (): boolean => true;

/** Route schemas of this plugin describe requests without validating them (see the file comment). */
export function describeRequestsOnly(app: FastifyInstance): void {
  app.setValidatorCompiler(() => acceptEverything);
}

type JsonSchema = Record<string, unknown>;

const serializableCache = new WeakMap<object, TSchema>();

function isLiteralUnion(members: unknown): members is Array<{ const: string | number; type: string }> {
  if (!Array.isArray(members) || members.length === 0) return false;
  const first = members[0] as JsonSchema;
  return members.every(
    (m: JsonSchema) => typeof m === 'object' && m !== null && m.const !== undefined && typeof m.type === 'string' && m.type === first.type && Object.keys(m).every((k) => k === 'const' || k === 'type'),
  );
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const s = node as JsonSchema;
  if (isLiteralUnion(s.anyOf)) {
    const members = s.anyOf;
    const rest = Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'anyOf'));
    const first = members[0] as { type: string };
    const type = first.type === 'number' && members.every((m) => Number.isInteger(m.const)) ? 'integer' : first.type;
    return { ...rest, type, enum: members.map((m) => m.const) };
  }
  const out: JsonSchema = {};
  for (const key of Object.keys(s)) out[key] = convert(s[key]);
  return out;
}

/**
 * A protocol wire schema as a response schema: the same JSON Schema (as
 * plain JSON, without TypeBox's symbol keys), with unions of literals
 * (`'buy' | 'sell'`, order status 1..4) written as `enum`. Same meaning,
 * but fast-json-stringify serializes an `anyOf` by running a validator per
 * value (and throws when none matches), while an `enum` field is written
 * directly. Cached: one object per protocol schema.
 *
 * Mind when writing response schemas: fast-json-stringify writes the
 * REQUIRED properties first, then the optional ones, each group in schema
 * order; and it drops properties the schema does not name. A field that is
 * always present must be required (see /v2/symbols_details' `id`).
 */
export function serializable<T extends TSchema>(schema: T): T {
  let out = serializableCache.get(schema);
  if (out === undefined) {
    out = convert(schema) as TSchema;
    serializableCache.set(schema, out);
  }
  return out as T;
}

/**
 * Serialize this reply's 200 body with `schema` (one of the cases of a route
 * whose documented schema is a union). fastify leaves the content type to a
 * custom serializer, so it is set here as fastify sets it for JSON.
 */
/** The content type of every JSON answer, as fastify sets it for JSON. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function serializeWith(reply: FastifyReply, schema: TSchema): void {
  void reply.type(JSON_CONTENT_TYPE).serializer(reply.compileSerializationSchema(schema));
}

/** The 200 response: a protocol schema (serializable) with the response's description. */
export function ok(schema: TSchema, description: string): TSchema {
  return { ...serializable(schema), description } as TSchema;
}

const ERROR_DESCRIPTIONS = {
  400: 'Bad request, the message says why: a missing or invalid parameter, an unknown symbol, a rejected order (naming the limit), a malformed body',
  401: "Unauthorized: the message contains 'Unauthorized'; re-authenticate",
  403: 'Forbidden (missing or invalid CSRF token)',
  404: 'Not found',
  413: 'Request body is too large',
  429: 'Rate limited: retry after Retry-After seconds',
  500: 'Internal server error',
  503: 'Shutting down',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

const errorSchemas = new Map<number, TSchema>();

function errorSchema(status: ErrorStatus): TSchema {
  let s = errorSchemas.get(status);
  if (s === undefined) {
    s = {
      ...ErrorBodySchema,
      description: ERROR_DESCRIPTIONS[status],
      ...(status === 429 ? { headers: { 'Retry-After': Type.Integer({ description: 'seconds until the window ends' }) } } : {}),
    } as TSchema;
    errorSchemas.set(status, s);
  }
  return s;
}

/**
 * Error responses `{"message", "code"}` (protocol ErrorBodySchema) for the
 * given statuses plus those every route can give: 400 (a malformed body, a
 * parameter given twice with different values…), 413, 429 (every route has
 * a rate-limit class), 500 and 503 while the server shuts down.
 */
export function errors(statuses: readonly ErrorStatus[] = []): Record<number, TSchema> {
  const all = new Set<ErrorStatus>([...statuses, 400, 413, 429, 500, 503]);
  const out: Record<number, TSchema> = {};
  for (const status of [...all].sort((a, b) => a - b)) out[status] = errorSchema(status);
  return out;
}

/** The headers of every authenticated Open API v2 request (the contract, shared/spec/API.md, "Authentication"). */
export const AuthHeaders = Type.Object({
  'X-BM-AUTHORIZATION': Type.String({ description: 'Bearer <access_token> (from POST /v2/authentication)' }),
  'X-BM-TIMESTAMP': Type.String({ pattern: '^[0-9]+$', description: 'ms since the Unix epoch, a string of digits; at most 60 s from server time' }),
  'X-BM-SIGNATURE': Type.Optional(
    Type.String({
      description: 'lowercase hex HMAC-SHA256 (key: API secret) of the parameters sorted by name, joined k=v&k=v; required when the key says so',
    }),
  ),
});

/** A decimal request value: a JSON number or a decimal string. */
export const DecimalInput = (description: string) => Type.Union([Type.String(), Type.Number()], { description });

/** An integer request value (query values are text; a JSON body may send numbers or strings). */
export const IntegerInput = (description: string) => Type.Integer({ description });

export const SymbolPath = Type.Object({ symbol: Type.String({ description: 'market symbol, e.g. BMX_ETH (case-insensitive)' }) });
