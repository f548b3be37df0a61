/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the same checksum as
 * zlib's crc32. Node 20 has no zlib.crc32, so this is a table-driven
 * slicing-by-4 implementation: four 256-entry tables, four bytes per step.
 */

const TABLES = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(256 * 4);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/** CRC-32 of `buf[start, end)`, as an unsigned 32-bit integer. */
export function crc32(buf: Uint8Array, start = 0, end = buf.length): number {
  const t = TABLES;
  let c = -1;
  let i = start;
  const end4 = end - ((end - start) & 3);
  while (i < end4) {
    c ^= buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24];
    i += 4;
  }
  while (i < end) c = t[(c ^ buf[i++]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
