/** Wraps a command's work: print its answer (`--json` or a table), turn failures into stderr + exit code. */
import type { Command } from 'commander';
import { adminClient, type AdminClient } from './admin-client.js';
import { CliError, print, type CliIo } from './output.js';

export interface CommandContext {
  /** The admin API client configured by --url / --token / --data-dir and the environment. */
  admin(): AdminClient;
  readonly opts: Record<string, unknown>;
}

type Work = (args: string[], ctx: CommandContext) => Promise<unknown>;

export function reportFailure(io: CliIo, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  io.err(`openmart: ${message}\n`);
  io.setExitCode(err instanceof CliError ? err.exitCode : 1);
}

/** Make a commander action from `work`; the last commander argument is the Command itself. */
export function action(io: CliIo, work: Work) {
  return async (...params: unknown[]): Promise<void> => {
    const cmd = params[params.length - 1] as Command;
    const opts = cmd.optsWithGlobals<Record<string, unknown>>();
    const args = params.slice(0, -2).map((p) => String(p));
    const ctx: CommandContext = {
      opts,
      admin: () =>
        adminClient({
          url: opts.url as string | undefined,
          token: opts.token as string | undefined,
          dataDir: opts.dataDir as string | undefined,
        }),
    };
    try {
      const out = await work(args, ctx);
      print(out, { json: opts.json === true }, io.out);
    } catch (err) {
      reportFailure(io, err);
    }
  };
}

/** Parse an integer option or fail with a clear message. */
export function intOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value);
  if (!/^\d+$/.test(s)) throw new CliError(`${name} must be a non-negative integer, got ${JSON.stringify(s)}`);
  return Number(s);
}

export function pick(data: unknown, keys: readonly string[]): Record<string, unknown> {
  const src = (data ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, src[k]]));
}
