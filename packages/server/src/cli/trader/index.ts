/**
 * The trader commands (`openmart ticker`, `buy`, `orders`…): the Open API v2
 * through @openmart/sdk, with the API key from the environment or a config
 * file (config.ts). Exit codes: exit-codes.ts; docs/cli.md.
 */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { registerAccountCommands } from './account.js';
import { registerMarketCommands } from './market.js';

export function registerTrader(program: Command, io: CliIo): void {
  registerMarketCommands(program, io);
  registerAccountCommands(program, io);
}
