/**
 * FNV-1a 64-bit in pure JS (two 32-bit halves, exact integer arithmetic)
 * over a canonical byte encoding of a JSON-like value: a tag byte per
 * value, non-negative safe integers as LEB128 varints, other numbers and
 * strings as their length and UTF-16 code units, arrays and objects with
 * their size (object keys in the order they were set, which the snapshot
 * fixes). Not cryptographic: it detects divergence between states.
 */

const T_NULL = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_INT = 3;
const T_NUM = 4;
const T_STR = 5;
const T_ARR = 6;
const T_OBJ = 7;

/** Growable byte buffer for the canonical encoding. */
class Bytes {
  buf = new Uint8Array(1 << 16);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  /** A non-negative safe integer, 7 bits per byte, low first (LEB128). */
  varint(x: number): void {
    this.room(8);
    const buf = this.buf;
    let i = this.len;
    while (x >= 0x80) {
      buf[i++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    buf[i++] = x;
    this.len = i;
  }

  str(s: string): void {
    this.varint(s.length);
    this.room(2 * s.length);
    const buf = this.buf;
    let i = this.len;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      buf[i++] = c & 0xff;
      buf[i++] = c >>> 8;
    }
    this.len = i;
  }
}

function encode(out: Bytes, v: unknown): void {
  if (v === null || v === undefined) out.byte(T_NULL);
  else if (typeof v === 'boolean') out.byte(v ? T_TRUE : T_FALSE);
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) {
      out.byte(T_INT);
      out.varint(v);
    } else {
      out.byte(T_NUM);
      out.str(String(v));
    }
  } else if (typeof v === 'string') {
    out.byte(T_STR);
    out.str(v);
  } else if (Array.isArray(v)) {
    out.byte(T_ARR);
    out.varint(v.length);
    for (const x of v) encode(out, x);
  } else if (typeof v === 'object') {
    const keys = Object.keys(v);
    out.byte(T_OBJ);
    out.varint(keys.length);
    for (const k of keys) {
      out.str(k);
      encode(out, (v as Record<string, unknown>)[k]);
    }
  } else {
    throw new Error(`cannot hash a ${typeof v}`);
  }
}

/** FNV-1a 64 of bytes, as 16 hex digits. */
export function fnv1a64(bytes: Uint8Array, length = bytes.length): string {
  // Four 16-bit limbs h3..h0, so every product stays a small exact integer.
  // offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < length; i++) {
    h0 ^= bytes[i] as number;
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    let t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    t3 += t2 >>> 16;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** Hex FNV-1a 64 of the canonical encoding of a JSON-like value. */
export function hashValue(v: unknown): string {
  const out = new Bytes();
  encode(out, v);
  return fnv1a64(out.buf, out.len);
}
