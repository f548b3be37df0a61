/**
 * Tables of the trader commands: upper-case headers and two spaces between
 * columns like output.ts's `table`, plus what a trader reads at a glance:
 * decimal columns right-aligned on the decimal point, and buy green / sell
 * red when colour is on. Values are the server's strings, never recomputed.
 */

export type Align = 'left' | 'right' | 'decimal';

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
  readonly align?: Align;
  /** Colour a cell by its side ('buy' | 'sell'). */
  readonly side?: (row: T) => string | undefined;
}

export interface RenderOptions {
  /** ANSI colours for buy/sell cells. */
  readonly color: boolean;
}

const GREEN = '\u001b[32m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/**
 * Colour on when stdout is a terminal and NO_COLOR is unset or empty
 * (https://no-color.org); FORCE_COLOR (not "0") turns it on without a terminal.
 */
export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

function paint(text: string, side: string | undefined, on: boolean): string {
  if (!on) return text;
  if (side === 'buy') return `${GREEN}${text}${RESET}`;
  if (side === 'sell') return `${RED}${text}${RESET}`;
  return text;
}

function splitDecimal(s: string): [string, string] {
  const dot = s.indexOf('.');
  return dot < 0 ? [s, ''] : [s.slice(0, dot), s.slice(dot)];
}

/** Cells of one column padded to one width. */
function layoutColumn(header: string, cells: readonly string[], align: Align): { header: string; cells: string[] } {
  if (align === 'decimal') {
    const parts = cells.map(splitDecimal);
    const intW = Math.max(0, ...parts.map(([i]) => i.length));
    const fracW = Math.max(0, ...parts.map(([, f]) => f.length));
    const inner = parts.map(([i, f]) => (i === '' && f === '' ? '' : i.padStart(intW) + f.padEnd(fracW)));
    const w = Math.max(header.length, intW + fracW);
    return { header: header.padStart(w), cells: inner.map((c) => c.padStart(w)) };
  }
  const w = Math.max(header.length, ...cells.map((c) => c.length));
  if (align === 'right') return { header: header.padStart(w), cells: cells.map((c) => c.padStart(w)) };
  return { header: header.padEnd(w), cells: cells.map((c) => c.padEnd(w)) };
}

/** An aligned table with a header line; `(none)` under the header when empty. */
export function renderTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>, opts: RenderOptions): string {
  const laid = columns.map((c) => layoutColumn(c.header, rows.map((r) => c.value(r)), c.align ?? 'left'));
  const lines = [laid.map((c) => c.header).join('  ').trimEnd()];
  rows.forEach((row, i) => {
    const cells = columns.map((col, j) => paint(laid[j]?.cells[i] ?? '', col.side?.(row), opts.color));
    lines.push(cells.join('  ').trimEnd());
  });
  if (rows.length === 0) lines.push('(none)');
  return lines.join('\n');
}

/** `field  value` lines (one object); the `side` value coloured. */
export function renderFields(entries: ReadonlyArray<readonly [string, string]>, opts: RenderOptions & { side?: string }): string {
  const w = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(w)}  ${k === 'side' ? paint(v, opts.side, opts.color) : v}`).join('\n');
}

/** Times as every command prints them (UTC): see ../output.ts. */
export { formatTime } from '../output.js';

export const STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'pending',
  2: 'partial',
  3: 'filled',
  4: 'cancelled',
};

export function statusName(status: number): string {
  return STATUS_NAMES[status] ?? String(status);
}
