/** Wraps a command's work: print its answer (`--json` or a table), turn failures into stderr + exit code. */
import type { Command } from 'commander';
import { adminClient, type AdminClient } from './admin-client.js';
import { EXIT } from './exit-codes.js';
import { CliError, print, readLine, type CliIo } from './output.js';

export interface CommandContext {
  /** The admin API client configured by --url / --token / --data-dir and the environment. */
  admin(): AdminClient;
  readonly opts: Record<string, unknown>;
  readonly env: NodeJS.ProcessEnv;
  /** One line of stdin (io.readLine); undefined when stdin ends empty. */
  readLine(): Promise<string | undefined>;
}

type Work = (args: string[], ctx: CommandContext) => Promise<unknown>;

/** The table-mode text of a command's answer (`--json` prints the answer itself). */
export type Render = (data: unknown, args: readonly string[]) => string;

export function reportFailure(io: CliIo, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  io.err(`openmart: ${message}\n`);
  io.setExitCode(err instanceof CliError ? err.exitCode : EXIT.internal);
}

/**
 * Make a commander action from `work`; the last commander argument is the
 * Command itself. Without --json the answer is printed by `render`, else as
 * output.ts's table or fields.
 */
export function action(io: CliIo, work: Work, render?: Render, env: NodeJS.ProcessEnv = process.env) {
  return async (...params: unknown[]): Promise<void> => {
    const cmd = params[params.length - 1] as Command;
    const opts = cmd.optsWithGlobals<Record<string, unknown>>();
    const args = params.slice(0, -2).map((p) => String(p));
    const ctx: CommandContext = {
      opts,
      env,
      readLine: () => (io.readLine === undefined ? readLine(process.stdin) : io.readLine()),
      admin: () =>
        adminClient(
          {
            url: opts.url as string | undefined,
            token: opts.token as string | undefined,
            dataDir: opts.dataDir as string | undefined,
          },
          env,
        ),
    };
    try {
      const out = await work(args, ctx);
      if (opts.json === true || render === undefined) print(out, { json: opts.json === true }, io.out);
      else {
        const text = render(out, args);
        io.out(text.endsWith('\n') ? text : `${text}\n`);
      }
    } catch (err) {
      reportFailure(io, err);
    }
  };
}

/** Parse an integer option or fail with a usage error. */
export function intOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (!/^\d+$/.test(s)) throw new CliError(`${name} must be a non-negative integer, got ${JSON.stringify(s)}`, EXIT.usage);
  return Number(s);
}

export function pick(data: unknown, keys: readonly string[]): Record<string, unknown> {
  const src = (data ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, src[k]]));
}
