/**
 * Unicode text checks. A JavaScript string may hold an unpaired UTF-16
 * surrogate (JSON's `"\ud800"` makes one); UTF-8 cannot carry it, so such a
 * string would be journaled as U+FFFD and replay differently from what was
 * applied. Strings entering commands must be well-formed.
 */

/** With the `u` flag a surrogate pair is one code point, so this matches only unpaired surrogates. */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `s` holds no unpaired surrogate (String.prototype.isWellFormed, ES2024). */
export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}
