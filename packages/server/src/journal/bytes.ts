/**
 * A growable byte writer and a bounds-checked reader for the record codec.
 * Numbers: a non-negative safe integer is a varint of (v + 1); anything else
 * (negative, fractional, unsafe, -0, NaN) is a 0 byte followed by a float64,
 * so every JS number round-trips exactly and the common case is short.
 */
import { isWellFormedText } from '../domain/unicode.js';

const POW32 = 0x1_0000_0000;

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** Unsigned varint (LEB128) of a safe non-negative integer; no checks. */
  varint(v: number): void {
    this.ensure(8);
    const b = this.buf;
    let p = this.pos;
    if (v > 0x7fffffff) {
      // Low 28 bits as four 7-bit groups with integer ops, then the rest (< 2^25).
      const lo = v % 0x10000000;
      v = (v - lo) / 0x10000000;
      b[p] = (lo & 0x7f) | 0x80;
      b[p + 1] = ((lo >>> 7) & 0x7f) | 0x80;
      b[p + 2] = ((lo >>> 14) & 0x7f) | 0x80;
      b[p + 3] = ((lo >>> 21) & 0x7f) | 0x80;
      p += 4;
    }
    while (v >= 0x80) {
      b[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[p++] = v;
    this.pos = p;
  }

  num(v: number): void {
    if (v > 0 ? v < Number.MAX_SAFE_INTEGER && Number.isInteger(v) : v === 0 && 1 / v > 0) {
      this.varint(v + 1);
    } else {
      this.ensure(9);
      this.buf[this.pos] = 0;
      this.buf.writeDoubleLE(v, this.pos + 1);
      this.pos += 9;
    }
  }

  bool(v: boolean): void {
    this.u8(v ? 1 : 0);
  }

  /** A varint byte length and the UTF-8 bytes; ASCII is copied without a Buffer call. */
  str(s: string): void {
    const n = s.length;
    this.ensure(n + 5);
    const b = this.buf;
    const start = this.pos;
    if (n < 128) {
      let p = start + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p++] = c;
      }
      if (i === n) {
        b[start] = n;
        this.pos = p;
        return;
      }
    }
    // UTF-8 cannot carry a lone surrogate (it would be written as U+FFFD and replay differently): refuse it.
    if (!isWellFormedText(s)) throw new CodecError('a string holds a lone UTF-16 surrogate: not valid Unicode text');
    const len = Buffer.byteLength(s, 'utf8');
    this.varint(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, len, 'utf8');
  }

  /** Tag 1: non-negative safe; 2: negative safe (magnitude follows); 3: decimal text. */
  bigint(v: bigint): void {
    if (v >= 0n && v <= 9007199254740991n) {
      this.u8(1);
      this.varint(Number(v));
    } else if (v < 0n && v >= -9007199254740991n) {
      this.u8(2);
      this.varint(Number(-v));
    } else {
      this.u8(3);
      this.str(v.toString());
    }
  }

  /** Little-endian u32 at an absolute position (inside what is already written). */
  u32At(pos: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, pos);
  }

  /** A safe non-negative integer as a little-endian u64 at an absolute position. */
  u64At(pos: number, v: number): void {
    this.buf.writeUInt32LE(v % POW32, pos);
    this.buf.writeUInt32LE(Math.floor(v / POW32), pos + 4);
  }
}

export class CodecError extends Error {
  override name = 'CodecError';
}

const STR_CACHE = 256;

export class ByteReader {
  private readonly cache: Array<string | undefined> = new Array<string | undefined>(STR_CACHE);
  buf: Buffer;
  pos: number;
  end: number;

  constructor(buf: Buffer, start: number, end: number) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  reset(buf: Buffer, start: number, end: number): void {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new CodecError(`record truncated at byte ${this.pos}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  varint(): number {
    const b = this.buf;
    const end = this.end;
    let p = this.pos;
    // Up to four bytes (28 bits) with integer ops; longer values (times) go on in floats.
    let result = 0;
    let shift = 0;
    while (shift < 28) {
      if (p >= end) throw new CodecError(`varint truncated at byte ${p}`);
      const byte = b[p++];
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = p;
        return result;
      }
      shift += 7;
    }
    let mul = 0x10000000;
    for (;;) {
      if (p >= end) throw new CodecError(`varint truncated at byte ${p}`);
      const byte = b[p++];
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) break;
      mul *= 128;
      if (mul > 2 ** 56) throw new CodecError(`varint too long at byte ${p}`);
    }
    this.pos = p;
    return result;
  }

  num(): number {
    const v = this.varint();
    if (v !== 0) return v - 1;
    this.need(8);
    const d = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return d;
  }

  bool(): boolean {
    const v = this.u8();
    if (v > 1) throw new CodecError(`bad boolean ${v} at byte ${this.pos - 1}`);
    return v === 1;
  }

  str(): string {
    const len = this.varint();
    this.need(len);
    const b = this.buf;
    const start = this.pos;
    const end = start + len;
    this.pos = end;
    if (len === 0) return '';
    if (len > 32) return b.toString('utf8', start, end);
    // Short strings (symbols, currencies, hashes' prefixes) repeat: a small cache
    // keyed by length and two bytes saves building the same string again.
    const slot = (len * 31 + b[start] * 7 + b[end - 1]) & (STR_CACHE - 1);
    const cached = this.cache[slot];
    if (cached !== undefined && cached.length === len) {
      let i = 0;
      while (i < len && cached.charCodeAt(i) === b[start + i]) i++;
      if (i === len) return cached;
    }
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (b[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    const str = ascii ? b.toString('latin1', start, end) : b.toString('utf8', start, end);
    if (ascii) this.cache[slot] = str;
    return str;
  }

  bigint(): bigint {
    const tag = this.u8();
    if (tag === 1) return BigInt(this.varint());
    if (tag === 2) return -BigInt(this.varint());
    if (tag === 3) return BigInt(this.str());
    throw new CodecError(`bad bigint tag ${tag} at byte ${this.pos - 1}`);
  }
}
