/**
 * FNV-1a 64-bit over the UTF-16 code units of a string (each unit fed as
 * two bytes, low first), in pure JS with four 16-bit limbs. Not
 * cryptographic: it detects divergence between states, nothing more.
 */
export function fnv1a64(text: string): string {
  // offset basis 0xcbf29ce484222325
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let k = 0; k < 2; k++) {
      h0 ^= k === 0 ? c & 0xff : c >>> 8;
      // multiply by the prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64
      const t0 = h0 * 0x1b3;
      let t1 = h1 * 0x1b3;
      let t2 = h2 * 0x1b3 + h0 * 0x100;
      let t3 = h3 * 0x1b3 + h1 * 0x100;
      t1 += t0 >>> 16;
      h0 = t0 & 0xffff;
      t2 += t1 >>> 16;
      h1 = t1 & 0xffff;
      t3 += t2 >>> 16;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
  }
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}
