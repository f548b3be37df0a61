/**
 * The source text of the top-level number members of a JSON object
 * (`{"amount": 1.0, "price": 2.02e-05}` -> amount "1.0", price "2.02e-05").
 * JSON.parse loses it; signatures were computed over it by some clients.
 */

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Returns name -> number text for members at depth 1; empty when the text is not an object. */
export function topLevelNumberTexts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  let depth = 0;
  let key: string | null = null;
  let expectValue = false;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && !expectValue) {
        const inner = text.slice(i + 1, j);
        if (!inner.includes('\\')) {
          key = inner;
        } else {
          try {
            key = JSON.parse(text.slice(i, j + 1)) as string;
          } catch {
            return out;
          }
        }
      }
      expectValue = false;
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      expectValue = false;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ':') {
      expectValue = depth === 1;
    } else if (c === ',') {
      expectValue = false;
      key = null;
    } else if (expectValue && (c === '-' || (c !== undefined && c >= '0' && c <= '9'))) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(text);
      if (m && key !== null) out.set(key, m[0]);
      i += m ? m[0].length : 1;
      expectValue = false;
      continue;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') {
      expectValue = false;
    }
    i++;
  }
  return out;
}
