/**
 * `openmart admin …`: the operator's commands, all through the admin API.
 * Exit codes (../exit-codes.ts): 2 usage (unknown subcommand, missing
 * argument, bad option, no admin token), 3 refused by the server, 4 bad
 * admin token (401/403), 5 server error, 6 no answer, 1 a bug.
 */
import type { Command } from 'commander';
import { usageExit } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { registerApiKey } from './apikey.js';
import { registerCurrency } from './currency.js';
import { registerFees } from './fees.js';
import { registerFunds } from './funds.js';
import { registerMarket } from './market.js';
import { registerUser } from './user.js';

export function registerAdmin(program: Command, io: CliIo): void {
  const admin = program
    .command('admin')
    .description('operator commands (admin API; server at OPENMART_URL, token from OPENMART_ADMIN_TOKEN or DATA_DIR/admin-token)')
    .option('--url <url>', 'server URL (default: OPENMART_URL or http://127.0.0.1:8080)')
    .option('--token <token>', 'admin token (default: OPENMART_ADMIN_TOKEN, else <data dir>/admin-token)')
    .option('--data-dir <dir>', "the server's data dir, to read admin-token from (default: DATA_DIR or ./data)")
    // Inherited by the subcommands registered below.
    .exitOverride(usageExit(io));
  registerCurrency(admin, io);
  registerMarket(admin, io);
  registerUser(admin, io);
  registerApiKey(admin, io);
  registerFunds(admin, io);
  registerFees(admin, io);
}
