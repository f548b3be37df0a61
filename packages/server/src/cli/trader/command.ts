/**
 * What every trader command shares: the options (--json, --url, --config),
 * the client built from the settings (config.ts) with the token cache
 * (token-cache.ts), printing (`--json`: the API's JSON through output.ts;
 * otherwise the command's table) and failures (action.ts's reportFailure
 * with the exit codes of ../exit-codes.ts and exit-codes.ts).
 */
import type { Command } from 'commander';
import { OpenmartClient, type ClientEvent } from '@openmart/sdk';
import { reportFailure } from '../action.js';
import { usageExit } from '../exit-codes.js';
import { print, processIo, type CliIo } from '../output.js';
import { requireCredentials, resolveSettings, type TraderSettings } from './config.js';
import { toCliError } from './exit-codes.js';
import { useColor } from './format.js';
import { fileTokenStore } from './token-cache.js';

/** What a command answers: the API's JSON (for --json) and its table. */
export interface Answer {
  readonly json: unknown;
  readonly text: string;
}

export interface TraderContext {
  readonly opts: Readonly<Record<string, unknown>>;
  readonly settings: TraderSettings;
  /** Colour buy/sell cells (stdout is a terminal, NO_COLOR unset). */
  readonly color: boolean;
  /** A client for the public endpoints (no credentials needed). */
  publicClient(): OpenmartClient;
  /** A client with the API key; a usage error when there is none. */
  client(): OpenmartClient;
  /** Mark this call as placing an order (for the "outcome unknown" hint on failure). */
  placing(symbol: string): void;
}

type Work = (args: string[], ctx: TraderContext) => Promise<Answer>;

function clientOptions(settings: TraderSettings, io: CliIo, env: NodeJS.ProcessEnv) {
  const debug = env.OPENMART_DEBUG !== undefined && env.OPENMART_DEBUG !== '' && env.OPENMART_DEBUG !== '0';
  return {
    baseUrl: settings.url,
    // A command line waits less than a bot: two retries, at most 10 s for a 429.
    retries: 2,
    maxRetryAfterMs: 10_000,
    timeoutMs: 10_000,
    ...(debug ? { logger: (e: ClientEvent) => io.err(`openmart: debug ${JSON.stringify(e)}\n`) } : {}),
  };
}

/** A trader command with the shared options; usage errors exit with code 2. */
export function traderCommand(parent: Command, io: CliIo, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('--json', "print the API's JSON instead of a table")
    .option('--url <url>', 'server URL (default: OPENMART_URL, the config file, http://127.0.0.1:8080)')
    .option('--config <file>', 'config file (default: OPENMART_CONFIG or ~/.config/openmart/config.json)')
    .exitOverride(usageExit(io));
}

/** A commander action running `work`; the last commander argument is the Command itself. */
export function traderAction(io: CliIo, work: Work, env: NodeJS.ProcessEnv = process.env) {
  return async (...params: unknown[]): Promise<void> => {
    const cmd = params[params.length - 1] as Command;
    const opts = cmd.optsWithGlobals<Record<string, unknown>>();
    const args = params.slice(0, -2).filter((p) => p !== undefined).map((p) => String(p));
    let url = typeof opts.url === 'string' ? opts.url : (env.OPENMART_URL ?? '');
    let placing: { symbol: string } | undefined;
    const clients: OpenmartClient[] = [];
    try {
      const settings = resolveSettings({ url: opts.url as string | undefined, config: opts.config as string | undefined, env });
      url = settings.url;
      for (const w of settings.warnings) io.err(`openmart: warning: ${w}\n`);
      const base = clientOptions(settings, io, env);
      const make = (o: ConstructorParameters<typeof OpenmartClient>[0]) => {
        const c = new OpenmartClient(o);
        clients.push(c);
        return c;
      };
      const ctx: TraderContext = {
        opts,
        settings,
        color: useColor(io === processIo && process.stdout.isTTY === true, env),
        publicClient: () => make(base),
        client: () => {
          const credentials = requireCredentials(settings);
          // A token still valid from an earlier command (token-cache.ts), unless OPENMART_TOKEN_CACHE=off.
          const tokenStore = fileTokenStore(settings.url, credentials.apiKey, { env, warn: (m) => io.err(`openmart: warning: ${m}\n`) });
          return make({ ...base, ...credentials, ...(tokenStore === undefined ? {} : { tokenStore }) });
        },
        placing: (symbol) => {
          placing = { symbol };
        },
      };
      const answer = await work(args, ctx);
      if (opts.json === true) print(answer.json, { json: true }, io.out);
      else io.out(answer.text.endsWith('\n') ? answer.text : `${answer.text}\n`);
    } catch (err) {
      reportFailure(io, toCliError(err, { url, placing }));
    } finally {
      for (const c of clients) c.close();
    }
  };
}
