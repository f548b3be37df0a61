/** openmart ticker|book|trades|klines: public market data, no API key needed. */
import type { Command } from 'commander';
import type { BookLevel, Candle, PublicTrade, Ticker } from '@openmart/sdk';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../output.js';
import { CliError } from '../output.js';
import { traderAction, traderCommand } from './command.js';
import { formatTime, renderTable, type Column } from './format.js';
import { parseInteger, parseSymbol, parseTime } from './parse.js';

const TICKER_COLUMNS: ReadonlyArray<Column<Ticker>> = [
  { header: 'SYMBOL', value: (t) => t.symbol_id },
  { header: 'LAST', value: (t) => t.current_price, align: 'decimal' },
  { header: 'CHANGE', value: (t) => t.fluctuation, align: 'decimal' },
  { header: 'HIGH', value: (t) => t.highest_price, align: 'decimal' },
  { header: 'LOW', value: (t) => t.lowest_price, align: 'decimal' },
  { header: 'BID', value: (t) => t.bid_1, align: 'decimal' },
  { header: 'BID_AMOUNT', value: (t) => t.bid_1_amount, align: 'decimal' },
  { header: 'ASK', value: (t) => t.ask_1, align: 'decimal' },
  { header: 'ASK_AMOUNT', value: (t) => t.ask_1_amount, align: 'decimal' },
  { header: 'VOLUME', value: (t) => t.volume, align: 'decimal' },
  { header: 'QUOTE_VOLUME', value: (t) => t.base_volume, align: 'decimal' },
];

type SidedLevel = BookLevel & { readonly side: 'buy' | 'sell' };

const BOOK_COLUMNS: ReadonlyArray<Column<SidedLevel>> = [
  { header: 'SIDE', value: (l) => l.side, side: (l) => l.side },
  { header: 'PRICE', value: (l) => l.price, align: 'decimal', side: (l) => l.side },
  { header: 'AMOUNT', value: (l) => l.amount, align: 'decimal' },
  { header: 'TOTAL', value: (l) => l.total, align: 'decimal' },
  { header: 'COUNT', value: (l) => String(l.count), align: 'right' },
];

const TRADE_COLUMNS: ReadonlyArray<Column<PublicTrade>> = [
  { header: 'TIME (UTC)', value: (t) => formatTime(t.order_time) },
  { header: 'SIDE', value: (t) => t.type, side: (t) => t.type },
  { header: 'PRICE', value: (t) => t.price, align: 'decimal', side: (t) => t.type },
  { header: 'QUANTITY', value: (t) => t.count, align: 'decimal' },
  { header: 'VALUE', value: (t) => t.amount, align: 'decimal' },
];

const CANDLE_COLUMNS: ReadonlyArray<Column<Candle>> = [
  { header: 'TIME (UTC)', value: (c) => formatTime(c.timestamp) },
  { header: 'OPEN', value: (c) => c.open_price, align: 'decimal' },
  { header: 'HIGH', value: (c) => c.highest_price, align: 'decimal' },
  { header: 'LOW', value: (c) => c.lowest_price, align: 'decimal' },
  { header: 'CLOSE', value: (c) => c.current_price, align: 'decimal' },
  { header: 'VOLUME', value: (c) => c.volume, align: 'decimal' },
];

export function registerMarketCommands(program: Command, io: CliIo): void {
  traderCommand(program, io, 'ticker', 'last price, 24 h change, range and volume, best bid and ask (every market without SYMBOL)')
    .argument('[SYMBOL]', 'market, e.g. BMX_ETH')
    .action(
      traderAction(io, async ([symbol], ctx) => {
        const om = ctx.publicClient();
        if (symbol === undefined) {
          const all = await om.ticker();
          return { json: all, text: renderTable(all, TICKER_COLUMNS, ctx) };
        }
        const one = await om.ticker(parseSymbol(symbol));
        return { json: one, text: renderTable([one], TICKER_COLUMNS, ctx) };
      }),
    );

  traderCommand(program, io, 'book', 'the order book: asks from the highest down to the best, then bids from the best down')
    .argument('<SYMBOL>', 'market, e.g. BMX_ETH')
    .option('--precision <N>', "price digits to aggregate to (the market's price_min_precision..price_max_precision)")
    .option('--depth <N>', 'at most N levels per side (also with --json)')
    .action(
      traderAction(io, async ([symbol], ctx) => {
        const sym = parseSymbol(symbol);
        const precision = parseInteger('--precision', ctx.opts.precision);
        const depth = parseInteger('--depth', ctx.opts.depth, 1);
        const book = await ctx.publicClient().orderBook(sym, precision === undefined ? {} : { precision });
        const buys = depth === undefined ? book.buys : book.buys.slice(0, depth);
        const sells = depth === undefined ? book.sells : book.sells.slice(0, depth);
        const rows: SidedLevel[] = [
          ...[...sells].reverse().map((l) => ({ ...l, side: 'sell' as const })),
          ...buys.map((l) => ({ ...l, side: 'buy' as const })),
        ];
        return { json: { ...book, buys, sells }, text: renderTable(rows, BOOK_COLUMNS, ctx) };
      }),
    );

  traderCommand(program, io, 'trades', 'recent public trades of a market, newest first')
    .argument('<SYMBOL>', 'market, e.g. BMX_ETH')
    .action(
      traderAction(io, async ([symbol], ctx) => {
        const trades = await ctx.publicClient().publicTrades(parseSymbol(symbol));
        return { json: trades, text: renderTable(trades, TRADE_COLUMNS, ctx) };
      }),
    );

  traderCommand(program, io, 'klines', 'candles (k-lines) of a market')
    .argument('<SYMBOL>', 'market, e.g. BMX_ETH')
    .option('--step <M>', 'minutes per candle, one of 1,3,5,15,30,45,60,120,180,240,1440,10080,43200', '1')
    .requiredOption('--from <time>', 'start: ms since the epoch or ISO 8601 (UTC unless a zone is given)')
    .option('--to <time>', 'end: ms since the epoch or ISO 8601 (default: now)')
    .action(
      traderAction(io, async ([symbol], ctx) => {
        const sym = parseSymbol(symbol);
        const step = parseInteger('--step', ctx.opts.step, 1) as number;
        const from = parseTime('--from', ctx.opts.from);
        const to = ctx.opts.to === undefined ? Date.now() : parseTime('--to', ctx.opts.to);
        if (to < from) throw new CliError('--to is before --from', EXIT.usage);
        const candles = await ctx.publicClient().klines(sym, { step, from, to });
        return { json: candles, text: renderTable(candles, CANDLE_COLUMNS, ctx) };
      }),
    );
}
