/**
 * How every CLI command prints: `--json` prints the answer as JSON (one
 * document on stdout), otherwise an aligned table (arrays: one row per item;
 * objects: one row per field) with times in UTC. Errors go to stderr with a
 * non-zero exit code (exit-codes.ts).
 */
import type { Readable } from 'node:stream';

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

/** A time field of the API: `created_at`, `…_at`, in milliseconds since the epoch. */
function isTime(key: string, v: unknown): v is number {
  return /(?:^|_)at$/.test(key) && typeof v === 'number' && Number.isFinite(v);
}

/**
 * The object with its time fields as UTC text, for tables only (`--json`
 * keeps the API's numbers): `YYYY-MM-DD HH:MM:SS.mmm UTC` in a table cell;
 * in a field view (`fields`) the number follows in parentheses.
 */
export function utcTimes(obj: Readonly<Record<string, unknown>>, style: 'cell' | 'field' = 'cell'): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [k, isTime(k, v) ? `${formatTime(v)} UTC${style === 'field' ? ` (${v})` : ''}` : v]),
  );
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
  write(`${tableText(data)}\n`);
}

/** The table-mode text of an answer: `table` for an array, `fields` for an object, times in UTC. */
export function tableText(data: unknown): string {
  if (Array.isArray(data)) return table(data.map((r: unknown) => (isRecord(r) ? utcTimes(r) : { value: r })));
  if (isRecord(data)) {
    const lines = fields(utcTimes(data, 'field'));
    return lines === '' ? 'ok' : lines;
  }
  return cell(data);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Where a command writes and how it reports failure (the process by default; tests capture). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
  /** One line of input (`--password-stdin`); undefined when the input ends empty. Default: stdin. */
  readLine?(): Promise<string | undefined>;
}

/**
 * The first line of a stream without its line ending (`\n` or `\r\n`), or
 * the text up to the end when it has no line break; undefined when the
 * stream ends with nothing. The stream is paused after the line.
 */
export function readLine(stream: Readable): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
    };
    const onData = (chunk: string): void => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      done();
      resolve(buf.slice(0, nl).replace(/\r$/, ''));
    };
    const onEnd = (): void => {
      done();
      resolve(buf === '' ? undefined : buf.replace(/\r$/, ''));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    stream.setEncoding('utf8');
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  readLine: () => {
    // At a terminal, say why nothing happens (the line is echoed: a pipe is the safe form).
    if (process.stdin.isTTY === true) process.stderr.write('openmart: reading one line from stdin…\n');
    return readLine(process.stdin);
  },
};

/** An expected failure: its message goes to stderr, the exit code (exit-codes.ts) is non-zero. */

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
