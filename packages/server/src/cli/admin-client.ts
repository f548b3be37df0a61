/**
 * The CLI's client of the admin API. Server: --url, else OPENMART_URL, else
 * http://127.0.0.1:8080. Token: --token, else OPENMART_ADMIN_TOKEN, else the
 * file the server wrote: <DATA_DIR or ./data>/admin-token.
 * Failures carry the exit codes of exit-codes.ts: no token 2 (nothing was
 * sent), 401/403 4, other 4xx 3, 5xx 5, no answer 6.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, exitCodeOfStatus } from './exit-codes.js';
import { CliError } from './output.js';

export interface ClientOptions {
  readonly url?: string;
  readonly token?: string;
  readonly dataDir?: string;
}

export interface AdminClient {
  readonly url: string;
  request(method: string, path: string, body?: unknown): Promise<unknown>;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

function resolveToken(opts: ClientOptions, env: NodeJS.ProcessEnv): string {
  const direct = opts.token ?? env.OPENMART_ADMIN_TOKEN;
  if (direct !== undefined && direct.trim() !== '') return direct.trim();
  const dir = resolve(opts.dataDir ?? env.DATA_DIR ?? './data');
  const path = join(dir, 'admin-token');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new CliError(
      `no admin token: set OPENMART_ADMIN_TOKEN, or run where the server's data dir is readable (${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      EXIT.usage,
    );
  }
}

export function adminClient(opts: ClientOptions, env: NodeJS.ProcessEnv = process.env): AdminClient {
  const url = (opts.url ?? env.OPENMART_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  let token: string | undefined;
  return {
    url,
    async request(method, path, body) {
      token ??= resolveToken(opts, env);
      let res: Response;
      try {
        res = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? null : JSON.stringify(body),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        throw new CliError(
          `cannot reach the server at ${url}${cause === undefined ? '' : ` (${cause})`}: is \`openmart serve\` running? (set OPENMART_URL)`,
          EXIT.network,
        );
      }
      const text = await res.text();
      let data: unknown = text;
      try {
        data = text === '' ? {} : JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      if (!res.ok) {
        const msg = typeof data === 'object' && data !== null && 'message' in data ? String((data as { message: unknown }).message) : text;
        const code = typeof data === 'object' && data !== null && 'code' in data ? ` (code ${String((data as { code: unknown }).code)})` : '';
        throw new CliError(`${res.status}: ${msg}${code}`, exitCodeOfStatus(res.status));
      }
      return data;
    },
  };
}
