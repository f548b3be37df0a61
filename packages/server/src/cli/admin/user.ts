/** openmart admin user create|list|show */
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { CliError, fields, table, utcTimes, type CliIo } from '../output.js';
import { action, pick, type CommandContext } from '../action.js';

/** The environment variable read for the password when neither option is given. */
export const PASSWORD_ENV = 'OPENMART_USER_PASSWORD';

/**
 * The new user's password: one line of stdin with --password-stdin (never
 * together with --password), else --password, else OPENMART_USER_PASSWORD.
 * Stdin and the variable keep it out of `ps` and the shell history.
 */
async function password(ctx: CommandContext): Promise<string> {
  const flag = ctx.opts.password as string | undefined;
  if (ctx.opts.passwordStdin === true) {
    if (flag !== undefined) throw new CliError('--password and --password-stdin exclude each other: give one', EXIT.usage);
    const line = await ctx.readLine();
    if (line === undefined || line === '') throw new CliError('--password-stdin: no password on stdin (one line expected)', EXIT.usage);
    return line;
  }
  if (flag !== undefined) return flag;
  const env = ctx.env[PASSWORD_ENV];
  if (env !== undefined && env !== '') return env;
  throw new CliError(`no password: pipe it with --password-stdin, or set ${PASSWORD_ENV} (or give --password <pw>)`, EXIT.usage);
}

/** `user show`: the user's fields, then its API keys as a table of their own. */
export function renderUser(data: unknown): string {
  const { api_keys: keys, ...user } = (data ?? {}) as Record<string, unknown>;
  const rows = Array.isArray(keys) ? (keys as Array<Record<string, unknown>>) : [];
  const head = fields({ ...utcTimes(user, 'field'), api_keys: rows.length === 0 ? '(none)' : rows.length });
  return rows.length === 0 ? head : `${head}\n\n${table(rows.map((r) => utcTimes(r)))}`;
}

export function registerUser(admin: Command, io: CliIo): void {
  const user = admin.command('user').description('users (accounts)');
  user
    .command('create')
    .description(`create a user; the password from --password-stdin, else --password, else ${PASSWORD_ENV}`)
    .argument('<email>')
    .option('--password-stdin', 'read the log-in password (web UI, at least 8 characters) from the first line of stdin')
    .option('--password <pw>', `the password on the command line (visible in ps and the shell history; prefer --password-stdin or ${PASSWORD_ENV})`)
    .option('--json', 'print JSON')
    .action(
      action(io, async ([email], ctx) =>
        pick(await ctx.admin().request('POST', '/admin/users', { email, password: await password(ctx) }), ['user_id', 'email']),
      ),
    );
  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON')
    .action(action(io, async (_args, ctx) => ctx.admin().request('GET', '/admin/users')));
  user
    .command('show')
    .description('one user and its API keys (never their secrets)')
    .argument('<email>', 'email or user id')
    .option('--json', 'print JSON')
    .action(
      action(io, async ([email], ctx) => ctx.admin().request('GET', `/admin/users/${encodeURIComponent(email as string)}`), renderUser),
    );
}
