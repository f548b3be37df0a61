/** openmart admin user create|list|show */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { action, pick } from '../action.js';

export function registerUser(admin: Command, io: CliIo): void {
  const user = admin.command('user').description('users (accounts)');
  user
    .command('create')
    .description('create a user')
    .argument('<email>')
    .requiredOption('--password <pw>', 'log-in password for the web UI (at least 8 characters)')
    .option('--json', 'print JSON')
    .action(
      action(io, async ([email], ctx) =>
        pick(await ctx.admin().request('POST', '/admin/users', { email, password: ctx.opts.password }), ['user_id', 'email']),
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
    .action(action(io, async ([email], ctx) => ctx.admin().request('GET', `/admin/users/${encodeURIComponent(email as string)}`)));
}
