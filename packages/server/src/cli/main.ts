/**
 * The `openmart` program: `serve` (the runtime, handed in by src/main.ts,
 * which may compose every layer) and the command modules of cli/admin/ and,
 * later, cli/trader/. Each module exports one `register…(program)`.
 */
import { Command } from 'commander';
import { reportFailure } from './action.js';
import { registerAdmin } from './admin/index.js';

export interface ProgramOptions {
  /** Runs the server until it is stopped; resolves with the exit code. */
  readonly serve?: () => Promise<number>;
  readonly version?: string;
}

export function buildProgram(opts: ProgramOptions = {}): Command {
  const program = new Command('openmart')
    .description('openmart: a self-hostable spot exchange speaking the Open API v2')
    .version(opts.version ?? '0.1.0')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the exchange server (configuration from the environment: see README, "Configuration")')
    .action(async () => {
      if (opts.serve === undefined) {
        reportFailure(new Error('serve is not available in this build'));
        return;
      }
      try {
        process.exitCode = await opts.serve();
      } catch (err) {
        reportFailure(err);
      }
    });

  registerAdmin(program);
  return program;
}

/** Parse argv and run; resolves when the command is done (exit code in process.exitCode). */
export async function runCli(argv: readonly string[], opts: ProgramOptions = {}): Promise<void> {
  await buildProgram(opts).parseAsync([...argv]);
}
