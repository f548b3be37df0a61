/** openmart admin deposit|withdraw|balances|totals|snapshot */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { action } from '../action.js';

export function registerFunds(admin: Command, io: CliIo): void {
  for (const [name, path, what] of [
    ['deposit', '/admin/deposits', 'credit a user'],
    ['withdraw', '/admin/withdrawals', "debit a user's available balance"],
  ] as const) {
    admin
      .command(name)
      .description(what)
      .argument('<email>', 'email or user id')
      .argument('<CURRENCY>')
      .argument('<AMOUNT>', 'decimal, e.g. 1.5')
      .option('--json', 'print JSON')
      .action(
        action(io, async ([user, currency, amount], ctx) => ctx.admin().request('POST', path, { user, currency, amount })),
      );
  }
  admin
    .command('balances')
    .description("a user's balances")
    .argument('<email>', 'email or user id')
    .option('--json', 'print JSON')
    .action(
      action(io, async ([user], ctx) => ctx.admin().request('GET', `/admin/users/${encodeURIComponent(user as string)}/balances`)),
    );
  admin
    .command('totals')
    .description('per currency: available + frozen over every account (fee account included)')
    .option('--json', 'print JSON')
    .action(action(io, async (_args, ctx) => ctx.admin().request('GET', '/admin/totals')));
  admin
    .command('snapshot')
    .description('write an engine snapshot now')
    .option('--json', 'print JSON')
    .action(action(io, async (_args, ctx) => ctx.admin().request('POST', '/admin/snapshot')));
}
