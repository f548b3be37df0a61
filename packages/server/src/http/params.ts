/**
 * Request parameters as the Open API v2 clients send them: in the query
 * string, in a JSON (or form) body, or both. The two are merged; a name
 * present in both must carry the same value (compared as decimals when
 * numeric), else 400 — a client that repeats its body in the query agrees
 * with itself, and nothing can smuggle a second meaning past a signature.
 * Path parameters join the set the same way (DELETE /v2/orders/{id} with a
 * body `{"entrust_id": id}`).
 */
import type { FastifyRequest } from 'fastify';
import { plainDecimal } from '../domain/index.js';
import { ApiError } from './api-error.js';
import { rawJsonText } from './body-parser.js';
import { topLevelNumberTexts } from './raw-numbers.js';

export type ParamValue = string | number | boolean | null | object;

export class Params {
  /** name -> value as received (query values are strings, body values JSON values). */
  readonly values: ReadonlyMap<string, ParamValue>;
  private readonly rawText: string | undefined;
  private rawNumbers: Map<string, string> | undefined;

  constructor(values: Map<string, ParamValue>, rawText?: string) {
    this.values = values;
    this.rawText = rawText;
  }

  /** Source text of a JSON number member, when the body was JSON. */
  rawNumber(name: string): string | undefined {
    if (this.rawText === undefined) return undefined;
    this.rawNumbers ??= topLevelNumberTexts(this.rawText);
    return this.rawNumbers.get(name);
  }

  has(name: string): boolean {
    return this.present(name) !== undefined;
  }

  /** The value, with empty strings and null treated as absent. */
  present(name: string): ParamValue | undefined {
    const v = this.values.get(name);
    if (v === undefined || v === null || v === '') return undefined;
    return v;
  }

  optionalString(name: string): string | undefined {
    const v = this.present(name);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' must be a string`);
  }

  requireString(name: string): string {
    const v = this.optionalString(name);
    if (v === undefined) throw missing('String', name);
    return v;
  }

  optionalInt(name: string): number | undefined {
    const v = this.present(name);
    if (v === undefined) return undefined;
    return toInt(name, v);
  }

  requireInt(name: string): number {
    const v = this.optionalInt(name);
    if (v === undefined) throw missing('Integer', name);
    return v;
  }

  /**
   * A decimal as JSON number or string. A JSON number comes back as its
   * source text when the body was JSON (`0.30000000000000000001` stays
   * that, where JSON.parse would have made it 0.3), so parsing is exact.
   */
  requireDecimal(name: string): number | string {
    const v = this.present(name);
    if (v === undefined) throw missing('BigDecimal', name);
    if (typeof v !== 'number' && typeof v !== 'string') throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' must be a decimal number`);
    return typeof v === 'number' ? (this.rawNumber(name) ?? v) : v;
  }
}

function missing(type: string, name: string): ApiError {
  return new ApiError('MISSING_PARAMETER', `Required ${type} parameter '${name}' is not present`);
}

function toInt(name: string, v: ParamValue): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
  throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' must be an integer`);
}

/** Text form used to compare a query value with a body value. */
function comparable(v: ParamValue): string {
  if (typeof v === 'number' || typeof v === 'string') return plainDecimal(v) ?? String(v);
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function firstOf(name: string, v: unknown): ParamValue {
  if (Array.isArray(v)) {
    const first: unknown = v[0];
    if (v.some((x) => x !== first)) throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' is repeated with different values`);
    return first as ParamValue;
  }
  return v as ParamValue;
}

function merge(into: Map<string, ParamValue>, name: string, value: ParamValue): void {
  const prev = into.get(name);
  if (prev !== undefined && comparable(prev) !== comparable(value)) {
    throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' has different values in the query and the body`);
  }
  if (prev === undefined || typeof value === 'number') into.set(name, value);
}

/** Merge query, body and path parameters of a request (see the file comment). */
export function collectParams(request: FastifyRequest, pathParams: Readonly<Record<string, string>> = {}): Params {
  const values = new Map<string, ParamValue>();
  const query = request.query;
  if (typeof query === 'object' && query !== null) {
    for (const [k, v] of Object.entries(query)) values.set(k, firstOf(k, v));
  }
  const body: unknown = request.body;
  let rawText: string | undefined;
  if (body !== undefined && body !== null) {
    if (typeof body !== 'object' || Array.isArray(body)) throw new ApiError('BAD_REQUEST', 'Request body must be a JSON object');
    rawText = rawJsonText(body);
    // A JSON array is a value of its own (and refused where a string or number is due), never read as its first element;
    // a repeated key of a query string or form body is an array only by how it was parsed.
    const json = rawText !== undefined;
    for (const [k, v] of Object.entries(body)) merge(values, k, json ? (v as ParamValue) : firstOf(k, v));
  }
  for (const [k, v] of Object.entries(pathParams)) merge(values, k, v);
  return new Params(values, rawText);
}
