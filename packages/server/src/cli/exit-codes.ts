/**
 * The exit codes of every `openmart` command (docs/cli.md, "Exit codes"),
 * shared by the admin commands (admin-client.ts) and the trader commands
 * (trader/exit-codes.ts maps the SDK's errors onto them).
 */
import type { CommanderError } from 'commander';
import { processIo, type CliIo } from './output.js';

export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug): the message says what. */
  internal: 1,
  /** Bad command line, bad config file or missing credentials: nothing was sent. */
  usage: 2,
  /** The server refused the request (4xx other than 401/403: bad order, not found, rate limited…). */
  api: 3,
  /** 401/403: bad credentials, token, signature or clock, or not allowed. */
  auth: 4,
  /** 5xx: the server failed. A placed order's outcome is unknown. */
  server: 5,
  /** No answer: connection refused or reset, DNS, timeout. A placed order's outcome is unknown. */
  network: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of an HTTP error answer (status >= 400). */
export function exitCodeOfStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status >= 500) return EXIT.server;
  return EXIT.api;
}

/**
 * For commander's exitOverride: a usage error (unknown command or option,
 * missing argument) exits 2, help and --version 0. Commander has printed
 * the message; as its default does, the process ends (in process, with
 * another io, the exit code is set and the CommanderError rethrown).
 */
export function usageExit(io: CliIo): (err: CommanderError) => never {
  return (err) => {
    const code = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (io === processIo) process.exit(code);
    io.setExitCode(code);
    throw err;
  };
}
