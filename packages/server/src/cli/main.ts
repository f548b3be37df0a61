/**
 * The `openmart` program: `serve` (the runtime, handed in by src/main.ts,
 * which may compose every layer) and the command modules of cli/admin/ and,
 * later, cli/trader/. Each module exports one `register…(program)`.
 */
import { Command } from 'commander';
import { reportFailure } from './action.js';
import { registerAdmin } from './admin/index.js';
import { usageExit } from './exit-codes.js';
import { registerTrader } from './trader/index.js';
import { processIo, type CliIo } from './output.js';

export interface ProgramOptions {
  /** Runs the server until it is stopped; resolves with the exit code. */
  readonly serve?: () => Promise<number>;
  readonly version?: string;
  /** Output and exit code sink (default: the process). */
  readonly io?: CliIo;
}

export function buildProgram(opts: ProgramOptions = {}): Command {
  const io = opts.io ?? processIo;
  const program = new Command('openmart')
    .description('openmart: a self-hostable spot exchange speaking the Open API v2')
    .version(opts.version ?? '0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) })
    // Usage errors (unknown command or option, missing argument) exit 2; subcommands inherit this.
    .exitOverride(usageExit(io));

  program
    .command('serve')
    .description('run the exchange server (configuration from the environment: see README, "Configuration")')
    .action(async () => {
      if (opts.serve === undefined) {
        reportFailure(io, new Error('serve is not available in this build'));
        return;
      }
      try {
        io.setExitCode(await opts.serve());
      } catch (err) {
        reportFailure(io, err);
      }
    });

  registerAdmin(program, io);
  registerTrader(program, io);
  return program;
}

/** Parse argv and run; resolves when the command is done (exit code in process.exitCode). */
export async function runCli(argv: readonly string[], opts: ProgramOptions = {}): Promise<void> {
  await buildProgram(opts).parseAsync([...argv]);
}
