/**
 * The signature check's earlier per-parameter renderings, kept as the
 * reference its regression test compares the style-based check against.
 * Every text a client could have signed for one parameter value. Strings
 * are signed verbatim. A JSON number has several plausible renderings:
 * its source text in the body, the plain decimal without exponent
 * (`2.02e-05` -> `0.0000202`, Python/Go clients), JavaScript `String(n)`
 * (`1e-7`), exponent forms (`2.02e-5`, Python's `2.02e-05`) and Python's
 * float text of whole numbers (`1.0`).
 */
import { plainDecimal } from '../../src/domain/index.js';
import type { ParamValue } from '../../src/http/params.js';

function pythonExponent(n: number): string {
  const js = n.toExponential();
  return js.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * The renderings of one value. For numbers the list has one entry per
 * client style, always in the same positions (source text, plain decimal,
 * String(n), exponent, Python exponent, Python float), duplicates included,
 * so that index i means the same style for every parameter.
 */
export function renderingsOf(value: ParamValue, raw: string | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') {
    const plain = plainDecimal(value) ?? String(value);
    return [
      raw ?? plain,
      plain,
      String(value),
      value.toExponential(),
      pythonExponent(value),
      Number.isInteger(value) && !plain.includes('e') ? `${plain}.0` : plain,
    ];
  }
  if (typeof value === 'boolean') return value ? ['true', 'True'] : ['false', 'False'];
  if (value === null) return ['null', '', 'None'];
  return [JSON.stringify(value)];
}
