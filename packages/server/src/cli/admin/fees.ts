/** openmart admin fees [withdraw <CURRENCY> <AMOUNT>]: the fee revenue (the fee account 0) and taking it out. */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { action } from '../action.js';

export function registerFees(admin: Command, io: CliIo): void {
  const fees = admin
    .command('fees')
    .description('fee revenue: what the fee account (0) holds per currency; `fees withdraw` takes some out')
    .option('--json', 'print JSON')
    .action(action(io, async (_args, ctx) => ctx.admin().request('GET', '/admin/fees')));
  fees
    .command('withdraw')
    .description('take fee revenue out of the fee account (the operator pays it out elsewhere)')
    .argument('<CURRENCY>')
    .argument('<AMOUNT>', 'decimal, e.g. 1.5; at most what `openmart admin fees` shows')
    .option('--json', 'print JSON')
    .action(action(io, async ([currency, amount], ctx) => ctx.admin().request('POST', '/admin/fees/withdrawals', { currency, amount })));
}
