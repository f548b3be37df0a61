/**
 * Decimal fields of an admin request body as exact text. A string is taken
 * as sent; a JSON number is read from the body's source text
 * (http/body-parser.ts keeps it, http/raw-numbers.ts finds the member), the
 * way /v2 reads its parameters (http/params.ts): `1.000000000000000001`
 * stays that, where JSON.parse made it 1. Any other value is refused (the
 * route schemas already refuse it, see ./validation.ts).
 */
import { ApiError } from '../api-error.js';
import { rawJsonText } from '../body-parser.js';
import { topLevelNumberTexts } from '../raw-numbers.js';

/** Decimal text of a member of `body`, or undefined when the member is absent. */
export type DecimalReader = (name: string) => string | undefined;

export function decimalReader(body: object): DecimalReader {
  let numbers: Map<string, string> | undefined;
  return (name) => {
    if (!Object.hasOwn(body, name)) return undefined;
    const v: unknown = (body as Record<string, unknown>)[name];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') {
      const raw = rawJsonText(body);
      numbers ??= raw === undefined ? new Map<string, string>() : topLevelNumberTexts(raw);
      const text = numbers.get(name);
      if (text !== undefined) return text;
      // Only a body that did not come from JSON could hold a number without its text: never read a double as money.
      throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' must be sent as a decimal string`);
    }
    throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' must be a decimal, as a string or a JSON number`);
  };
}
