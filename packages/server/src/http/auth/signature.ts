/**
 * X-BM-SIGNATURE: lowercase hex HMAC-SHA256, keyed by the API secret, of
 * the request parameters sorted by name and joined `k=v&k=v`, compared in
 * constant time.
 *
 * Clients print JSON numbers (and true/false/null) in different ways, but
 * one client prints every value of a message the same way. So a candidate
 * signed string is one *style* applied to every parameter at once, never a
 * per-parameter mix: at most NUMBER_STYLES x LITERAL_STYLES candidates per
 * parameter set, fewer when styles coincide (a message without numbers or
 * literals has exactly one). Each candidate is as long as the parameters,
 * so one check costs a small constant times the request size; candidates
 * whose text would be far longer than the verbatim one (the plain decimal
 * of `1e-300` has 300 zeros) are skipped, see lengthLimit.
 */
import { digestEquals, hmacSha256 } from '../../app/auth/index.js';
import { plainDecimal } from '../../domain/index.js';
import type { ParamValue, Params } from '../params.js';

/** An HMAC-SHA256 as a client sends it: 64 hex digits (after trimming and lowercasing). */
const SIGNATURE_FORM = /^[0-9a-f]{64}$/;

/** The texts of one JSON number from which every style picks. */
interface NumberTexts {
  /** The source text in the body (the plain decimal when unknown). */
  readonly raw: string;
  /** Plain decimal without exponent: `2.02e-05` -> `0.0000202`. */
  readonly plain: string;
  /** JavaScript String(n): `1e-7`, `0.0000202`, `1e+21`. */
  readonly js: string;
  /** Exponent form `2.02e-5`, `1e+0`. */
  readonly exp: string;
  /** Exponent padded to two digits: `2.02e-05`, `1e+00`. */
  readonly expPadded: string;
  /** Whole numbers with `.0` (`1.0`), others plain. */
  readonly dotZero: string;
  /** Decimal exponent of the shortest digits (`2.02e-5` -> -5). */
  readonly e10: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}


function numberTexts(n: number, raw: string | undefined): NumberTexts {
  const js = String(n);
  if (!Number.isFinite(n)) return { raw: raw ?? js, plain: js, js, exp: js, expPadded: js, dotZero: js, e10: 0 };
  // String(n) without exponent is already the plain decimal (no leading or trailing zeros).
  const plain = js.includes('e') ? (plainDecimal(js) ?? js) : js;
  const exp = n.toExponential();
  const at = exp.lastIndexOf('e');
  const e10 = Number(exp.slice(at + 1));
  const expDigits = exp.length - at - 2;
  const expPadded = expDigits === 1 ? `${exp.slice(0, at + 2)}0${exp.slice(at + 2)}` : exp;
  return { raw: raw ?? plain, plain, js, exp, expPadded, dotZero: Number.isInteger(n) ? `${plain}.0` : plain, e10 };
}

/** A JSON integer's source text (a Python client parses it as an int, not a float). */
function isIntegerText(text: string): boolean {
  for (let i = text.charCodeAt(0) === 45 ? 1 : 0; i < text.length; i++) {
    if (!isDigit(text.charCodeAt(i))) return false;
  }
  return text.length > 0;
}

/**
 * How each client style prints one number, most common first:
 *  0 the source text in the body (a client signing what it serialized)
 *  1 plain decimal without exponent (`2.02e-05` -> `0.0000202`)
 *  2 JavaScript String(n) (`1e-7`, `0.0000202`)
 *  3 Python str(): an integer's digits; a float as repr, exponent
 *    `e-05`/`e+16` below 1e-4 or from 1e16, whole floats with `.0`
 *  4 Go %v / strconv 'g' shortest: exponent `e-05`/`e+06` below 1e-4 or from 1e6
 *  5 exponent `e-5` below 1e-4 or from 1e21, plain otherwise
 *  6 whole numbers with `.0`, others plain
 *  7 always exponent (`1e+0`, `2.02e-5`)
 *  8 always padded exponent (`1e+00`, `2.02e-05`)
 */
const NUMBER_STYLES: readonly ((t: NumberTexts) => string)[] = [
  (t) => t.raw,
  (t) => t.plain,
  (t) => t.js,
  (t) => (isIntegerText(t.raw) ? t.raw : t.e10 < -4 || t.e10 >= 16 ? t.expPadded : t.dotZero),
  (t) => (t.e10 < -4 || t.e10 >= 6 ? t.expPadded : t.plain),
  (t) => (t.e10 < -4 || t.e10 >= 21 ? t.exp : t.plain),
  (t) => t.dotZero,
  (t) => t.exp,
  (t) => t.expPadded,
];

/** How each client style prints true, false and null: JSON/JavaScript, Python, and both with null as the empty string. */
const LITERAL_STYLES: readonly { readonly true: string; readonly false: string; readonly null: string }[] = [
  { true: 'true', false: 'false', null: 'null' },
  { true: 'True', false: 'False', null: 'None' },
  { true: 'true', false: 'false', null: '' },
  { true: 'True', false: 'False', null: '' },
];

/** Upper bound on the candidate strings of one parameter set. */
export const MAX_CANDIDATES = NUMBER_STYLES.length * LITERAL_STYLES.length;

/**
 * Longest candidate tried, given the verbatim one's length: a real
 * message's other renderings are at most a few times longer (`1e-8` ->
 * `0.00000001`), or a few kB for a small message; a candidate beyond that
 * (thousands of `1e-300`) is not what a client signed and is skipped, so
 * that the characters hashed per check stay within MAX_CANDIDATES times
 * this limit.
 */
export function lengthLimit(verbatimLength: number): number {
  return Math.max(4 * verbatimLength, verbatimLength + 8192);
}

/** One parameter: its `name=` prefix and its text per style (one text when every style agrees). */
interface Cell {
  readonly prefix: string;
  /** A string, or the text per number style, or the text per literal style. */
  readonly text: string | readonly string[];
  readonly kind: 'fixed' | 'number' | 'literal';
}

/** Styles of a dimension that print at least one parameter differently from every earlier style. */
function distinctStyles(count: number, rows: readonly (readonly string[])[]): number[] {
  const same: boolean[][] = [];
  for (let s = 0; s < count; s++) same.push(new Array<boolean>(s).fill(true));
  for (const row of rows) {
    for (let s = 1; s < count; s++) {
      const sameS = same[s] as boolean[];
      for (let t = 0; t < s; t++) {
        if (sameS[t] === true && row[s] !== row[t]) sameS[t] = false;
      }
    }
  }
  const out: number[] = [];
  for (let s = 0; s < count; s++) {
    if (!(same[s] as boolean[]).includes(true)) out.push(s);
  }
  return out;
}

function cellsOf(params: Params): Cell[] {
  const names = [...params.values.keys()].sort();
  const cells: Cell[] = [];
  for (const name of names) {
    const value = params.values.get(name) as ParamValue;
    const prefix = `${name}=`;
    if (typeof value === 'number') {
      const t = numberTexts(value, params.rawNumber(name));
      cells.push({ prefix, text: NUMBER_STYLES.map((style) => style(t)), kind: 'number' });
    } else if (typeof value === 'boolean' || value === null) {
      const key = value === null ? 'null' : value ? 'true' : 'false';
      cells.push({ prefix, text: LITERAL_STYLES.map((l) => l[key]), kind: 'literal' });
    } else {
      cells.push({ prefix, text: typeof value === 'string' ? value : JSON.stringify(value), kind: 'fixed' });
    }
  }
  return cells;
}

function textOf(cell: Cell, numberStyle: number, literalStyle: number): string {
  if (typeof cell.text === 'string') return cell.text;
  return cell.text[cell.kind === 'number' ? numberStyle : literalStyle] as string;
}

/** Total text length of the rows in each style. */
function lengthsPerStyle(count: number, rows: readonly (readonly string[])[]): number[] {
  const out = new Array<number>(count).fill(0);
  for (const row of rows) {
    for (let s = 0; s < count; s++) out[s] = (out[s] as number) + (row[s] as string).length;
  }
  return out;
}

function joined(cells: readonly Cell[], numberStyle: number, literalStyle: number): string {
  const parts = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as Cell;
    parts[i] = cell.prefix + textOf(cell, numberStyle, literalStyle);
  }
  return parts.join('&');
}

/**
 * The signed strings a client could have meant for these parameters: one
 * per distinct (number style, literal style) pair, most likely first, at
 * most MAX_CANDIDATES, each at most lengthLimit(verbatim length) long.
 * Lazy, so verification stops at the first match.
 */
export function* candidateStrings(params: Params): Generator<string> {
  const cells = cellsOf(params);
  const numberRows: (readonly string[])[] = [];
  const literalRows: (readonly string[])[] = [];
  // `&` separators, `name=` prefixes and the texts every style agrees on.
  let fixedLength = cells.length === 0 ? 0 : cells.length - 1;
  for (const cell of cells) {
    fixedLength += cell.prefix.length;
    if (cell.kind === 'number') numberRows.push(cell.text as readonly string[]);
    else if (cell.kind === 'literal') literalRows.push(cell.text as readonly string[]);
    else fixedLength += (cell.text as string).length;
  }
  const numberStyles = distinctStyles(NUMBER_STYLES.length, numberRows);
  const literalStyles = distinctStyles(LITERAL_STYLES.length, literalRows);
  const numberLength = lengthsPerStyle(NUMBER_STYLES.length, numberRows);
  const literalLength = lengthsPerStyle(LITERAL_STYLES.length, literalRows);
  const lengthOf = (ns: number, ls: number) => fixedLength + (numberLength[ns] as number) + (literalLength[ls] as number);
  const limit = lengthLimit(lengthOf(0, 0));
  for (const ns of numberStyles) {
    for (const ls of literalStyles) {
      if (lengthOf(ns, ls) <= limit) yield joined(cells, ns, ls);
    }
  }
}

/** Every candidate string (tests, diagnostics). */
export function canonicalStrings(params: Params): string[] {
  return [...candidateStrings(params)];
}

/** Work done by verifySignature, for tests and diagnostics. */
export interface SignatureWork {
  /** HMACs computed (one per candidate string tried). */
  hmacs: number;
  /** Characters of the candidate strings hashed. */
  hashedChars: number;
}

/**
 * True when `signature` is the HMAC of a candidate string of one of the
 * parameter sets. A signature that is not 64 hex digits matches nothing and
 * is refused before any HMAC (its form is public: nothing secret decides
 * it). Otherwise its 32 bytes are compared with each candidate's digest in
 * constant time; stopping at the first match reveals only which public
 * rendering matched. `work`, when given, is incremented.
 */
export function verifySignature(secret: string, paramSets: readonly Params[], signature: string, work?: SignatureWork): boolean {
  const given = signature.trim().toLowerCase();
  if (!SIGNATURE_FORM.test(given)) return false;
  const want = Buffer.from(given, 'hex');
  for (const params of paramSets) {
    for (const text of candidateStrings(params)) {
      if (work !== undefined) {
        work.hmacs++;
        work.hashedChars += text.length;
      }
      if (digestEquals(hmacSha256(secret, text), want)) return true;
    }
  }
  return false;
}
