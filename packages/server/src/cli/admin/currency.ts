/** openmart admin currency create|list */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { action, intOption } from '../action.js';

export function registerCurrency(admin: Command, io: CliIo): void {
  const cur = admin.command('currency').description('currencies');
  cur
    .command('create')
    .description('create a currency')
    .argument('<ID>', 'ticker, e.g. ETH')
    .requiredOption('--name <NAME>', 'display name, e.g. Ethereum')
    .option('--scale <N>', 'balance decimals, 0..18 (default 8)')
    .option('--deposit-disabled', 'refuse deposits')
    .option('--withdraw-disabled', 'refuse withdrawals')
    .option('--json', 'print JSON')
    .action(
      action(io, async ([id], ctx) =>
        ctx.admin().request('POST', '/admin/currencies', {
          id,
          name: ctx.opts.name,
          scale: intOption('--scale', ctx.opts.scale),
          deposit_enabled: ctx.opts.depositDisabled !== true,
          withdraw_enabled: ctx.opts.withdrawDisabled !== true,
        }),
      ),
    );
  cur
    .command('list')
    .description('list currencies')
    .option('--json', 'print JSON')
    .action(action(io, async (_args, ctx) => ctx.admin().request('GET', '/admin/currencies')));
}
