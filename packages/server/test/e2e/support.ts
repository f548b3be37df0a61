/**
 * Driving a real `openmart serve` child process: start it on a temp data
 * dir and a free port, talk to its admin API and to the signed Open API v2,
 * stop it with SIGTERM or SIGKILL. Shared by the runtime, CLI and crash
 * tests and by scripts/crash-http.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const BIN = join(REPO_ROOT, 'packages/server/bin/openmart.mjs');

/** Servers started here and still running: killed when this process exits, whatever the reason. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dataDir: string;
  stdout(): string;
  stderr(): string;
  /** Send `signal` and resolve with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  readonly dataDir: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Start `openmart serve` and resolve once it logs that it is listening. */
export function startServerProcess(opts: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATA_DIR: opts.dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMITS: 'off',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  live.add(child);
  const exited = new Promise<number | null>((res) =>
    child.on('exit', (code) => {
      live.delete(child);
      res(code);
    }),
  );
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectStart(new Error(`server did not start in time\nstdout:\n${out}\nstderr:\n${err}`));
    }, opts.timeoutMs ?? 60_000);
    const proc: Omit<ServerProcess, 'url'> = {
      child,
      dataDir: opts.dataDir,
      stdout: () => out,
      stderr: () => err,
      stop: (signal = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
    };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /openmart: listening on (http:\/\/\S+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolveStart({ ...proc, url: m[1] as string });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    void exited.then((code) => {
      clearTimeout(timer);
      rejectStart(new Error(`server exited with ${String(code)} before listening\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
}

export function readAdminToken(dataDir: string): string {
  return readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
}

export interface HttpAnswer<T = any> {
  readonly status: number;
  readonly body: T;
}

async function answer(res: Response): Promise<HttpAnswer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body };
}

export async function adminCall(url: string, token: string, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
  return answer(
    await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
}

/** A trader of the Open API v2: token, then signed requests. */
export class Trader {
  private constructor(
    readonly url: string,
    private readonly secret: string,
    private readonly token: string,
  ) {}

  static async login(url: string, apiKey: string, apiSecret: string): Promise<Trader> {
    const res = await fetch(`${url}/v2/authentication`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: apiKey, client_secret: apiSecret }).toString(),
    });
    const a = await answer(res);
    if (a.status !== 200) throw new Error(`login failed: ${a.status} ${JSON.stringify(a.body)}`);
    return new Trader(url, apiSecret, (a.body as { access_token: string }).access_token);
  }

  sign(params: Readonly<Record<string, string>>): string {
    const text = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
    return createHmac('sha256', this.secret).update(text).digest('hex');
  }

  private headers(params: Readonly<Record<string, string>>): Record<string, string> {
    return {
      'x-bm-authorization': `Bearer ${this.token}`,
      'x-bm-timestamp': String(Date.now()),
      'x-bm-signature': this.sign(params),
    };
  }

  async placeOrder(symbol: string, side: 'buy' | 'sell', amount: string, price: string): Promise<HttpAnswer> {
    const params = { symbol, side, amount, price };
    return answer(
      await fetch(`${this.url}/v2/orders`, {
        method: 'POST',
        headers: { ...this.headers(params), 'content-type': 'application/json' },
        body: JSON.stringify(params),
      }),
    );
  }

  async cancelOrder(id: number): Promise<HttpAnswer> {
    const params = { entrust_id: String(id) };
    return answer(await fetch(`${this.url}/v2/orders/${id}`, { method: 'DELETE', headers: this.headers(params) }));
  }

  async getOrder(id: number): Promise<HttpAnswer> {
    return answer(await fetch(`${this.url}/v2/orders/${id}`, { headers: this.headers({ entrust_id: String(id) }) }));
  }

  async wallet(): Promise<HttpAnswer> {
    return answer(await fetch(`${this.url}/v2/wallet`, { headers: this.headers({}) }));
  }
}

/** Run `openmart …` as a child process; resolves with exit code and output. */
/**
 * `openmart <args>` as a child process with only `env` (plus PATH and HOME,
 * which `env` may override); `stdin`, when given, is piped in and closed.
 * Resolves once the process has exited and its output is read to the end.
 */
export function runCliProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  opts: { readonly stdin?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
    if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  });
}
