/**
 * How every CLI command prints: `--json` prints the answer as JSON (one
 * document on stdout), otherwise an aligned table (arrays: one row per item;
 * objects: one row per field). Errors go to stderr with a non-zero exit code.
 */

export interface OutputOptions {
  readonly json?: boolean;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Milliseconds since the epoch as `YYYY-MM-DD HH:MM:SS.mmm` (UTC), as every table prints times. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** Render rows as an aligned text table with a header line. */
export function table(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (cols.length === 0) return '(none)';
  const cells = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (vals: readonly string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(cols.map((c) => c.toUpperCase())), ...cells.map(line)];
  if (rows.length === 0) out.push('(none)');
  return out.join('\n');
}

/** Render one object as `field  value` lines. */
export function fields(obj: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(obj);
  const w = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((k) => `${k.padEnd(w)}  ${cell(obj[k])}`).join('\n');
}

export function print(data: unknown, opts: OutputOptions, write: (s: string) => void = (s) => process.stdout.write(s)): void {
  if (opts.json === true) {
    write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  if (Array.isArray(data)) write(`${table(data as Array<Record<string, unknown>>)}\n`);
  else if (data !== null && typeof data === 'object') {
    const text = fields(data as Record<string, unknown>);
    if (text !== '') write(`${text}\n`);
    else write('ok\n');
  } else write(`${cell(data)}\n`);
}

/** An expected failure: its message goes to stderr, the exit code is non-zero. */
/** Where a command writes and how it reports failure (the process by default; tests capture). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
