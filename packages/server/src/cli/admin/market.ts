/** openmart admin market create|list */
import type { Command } from 'commander';
import type { CliIo } from '../output.js';
import { action, intOption } from '../action.js';

export function registerMarket(admin: Command, io: CliIo): void {
  const mkt = admin.command('market').description('markets');
  mkt
    .command('create')
    .description('create a market (decimals as the public symbol details show them)')
    .argument('<SYMBOL>', 'BASE_QUOTE, e.g. BMX_ETH')
    .requiredOption('--quote-increment <X>', 'minimum price and price step, e.g. 0.00000001')
    .requiredOption('--base-min-size <Y>', 'minimum order amount, e.g. 0.01')
    .requiredOption('--base-max-size <Z>', 'maximum order amount, e.g. 100000000')
    .requiredOption('--price-min-precision <a>', 'fewest price digits for book / k-line queries, e.g. 6')
    .requiredOption('--price-max-precision <b>', 'most price digits, e.g. 8')
    .option('--amount-step <S>', 'order amount step (default: one unit of the last digit of --base-min-size)')
    .option('--maker-fee <r>', 'maker fee rate, e.g. 0.001 = 0.1% (default: MAKER_FEE of the server)')
    .option('--taker-fee <r>', 'taker fee rate (default: TAKER_FEE of the server)')
    .option('--price-band <percent>', 'price band in percent, 500 = 5x, 0 = off (default: PRICE_BAND_PERCENT)')
    .option('--json', 'print JSON')
    .action(
      action(io, async ([symbol], ctx) =>
        ctx.admin().request('POST', '/admin/markets', {
          symbol,
          quote_increment: ctx.opts.quoteIncrement,
          base_min_size: ctx.opts.baseMinSize,
          base_max_size: ctx.opts.baseMaxSize,
          price_min_precision: intOption('--price-min-precision', ctx.opts.priceMinPrecision),
          price_max_precision: intOption('--price-max-precision', ctx.opts.priceMaxPrecision),
          amount_step: ctx.opts.amountStep,
          maker_fee: ctx.opts.makerFee,
          taker_fee: ctx.opts.takerFee,
          price_band_percent: intOption('--price-band', ctx.opts.priceBand),
        }),
      ),
    );
  mkt
    .command('list')
    .description('list markets')
    .option('--json', 'print JSON')
    .action(action(io, async (_args, ctx) => ctx.admin().request('GET', '/admin/markets')));
}
