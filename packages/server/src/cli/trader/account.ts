/**
 * openmart balance|buy|sell|orders|order|cancel|cancel-all|fills: the
 * account's side, with the API key of the settings (config.ts).
 */
import type { Command } from 'commander';
import type { ListOrdersParams, Order, UserTrade, UserTradesParams, WalletEntry } from '@openmart/sdk';
import { fields } from '../output.js';
import type { CliIo } from '../output.js';
import { traderAction, traderCommand, type TraderContext } from './command.js';
import { formatTime, renderFields, renderTable, statusName, type Column } from './format.js';
import { parseDecimal, parseInteger, parseOrderId, parseSide, parseStatus, parseSymbol } from './parse.js';

const WALLET_COLUMNS: ReadonlyArray<Column<WalletEntry>> = [
  { header: 'CURRENCY', value: (w) => w.id },
  { header: 'NAME', value: (w) => w.name },
  { header: 'AVAILABLE', value: (w) => w.available, align: 'decimal' },
  { header: 'FROZEN', value: (w) => w.frozen, align: 'decimal' },
];

const ORDER_COLUMNS: ReadonlyArray<Column<Order>> = [
  { header: 'ID', value: (o) => String(o.entrust_id), align: 'right' },
  { header: 'TIME (UTC)', value: (o) => formatTime(o.timestamp) },
  { header: 'SYMBOL', value: (o) => o.symbol },
  { header: 'SIDE', value: (o) => o.side, side: (o) => o.side },
  { header: 'PRICE', value: (o) => o.price, align: 'decimal', side: (o) => o.side },
  { header: 'AMOUNT', value: (o) => o.original_amount, align: 'decimal' },
  { header: 'FILLED', value: (o) => o.executed_amount, align: 'decimal' },
  { header: 'REMAINING', value: (o) => o.remaining_amount, align: 'decimal' },
  { header: 'FEES', value: (o) => o.fees, align: 'decimal' },
  { header: 'STATUS', value: (o) => statusName(o.status) },
];

const FILL_COLUMNS: ReadonlyArray<Column<UserTrade>> = [
  { header: 'TRADE_ID', value: (t) => String(t.trade_id), align: 'right' },
  { header: 'TIME (UTC)', value: (t) => formatTime(t.timestamp) },
  { header: 'ORDER', value: (t) => String(t.entrust_id), align: 'right' },
  { header: 'SYMBOL', value: (t) => t.symbol },
  { header: 'PRICE', value: (t) => t.price, align: 'decimal' },
  { header: 'AMOUNT', value: (t) => t.amount, align: 'decimal' },
  { header: 'FEES', value: (t) => t.fees, align: 'decimal' },
  { header: 'ROLE', value: (t) => (t.active ? 'taker' : 'maker') },
];

function orderFields(o: Order, ctx: TraderContext): string {
  return renderFields(
    [
      ['entrust_id', String(o.entrust_id)],
      ['symbol', o.symbol],
      ['side', o.side],
      ['status', `${statusName(o.status)} (${o.status})`],
      ['price', o.price],
      ['original_amount', o.original_amount],
      ['executed_amount', o.executed_amount],
      ['remaining_amount', o.remaining_amount],
      ['fees', o.fees],
      ['time', `${formatTime(o.timestamp)} UTC (${o.timestamp})`],
    ],
    { color: ctx.color, side: o.side },
  );
}

/** `--page N --limit N` as the API's offset (a page number from 0) and limit. */
function paging(ctx: TraderContext): { offset?: number; limit?: number } {
  const page = parseInteger('--page', ctx.opts.page);
  const limit = parseInteger('--limit', ctx.opts.limit, 1);
  if (page === undefined && limit === undefined) return {};
  return { offset: page ?? 0, limit: limit ?? 100 };
}

function pageFooter(paged: boolean, total: number, noun: string, current: number, pages: number): string {
  const count = `${total} ${noun}${total === 1 ? '' : 's'}`;
  return paged ? `${count}; page ${current} of pages 0..${Math.max(0, pages - 1)}` : count;
}

export function registerAccountCommands(program: Command, io: CliIo): void {
  traderCommand(program, io, 'balance', 'balances of the account: available and frozen (in open orders)').action(
    traderAction(io, async (_args, ctx) => {
      const wallet = await ctx.client().wallet();
      return { json: wallet, text: renderTable(wallet, WALLET_COLUMNS, ctx) };
    }),
  );

  for (const side of ['buy', 'sell'] as const) {
    traderCommand(program, io, side, `place a limit ${side} order (good till cancelled)`)
      .argument('<SYMBOL>', 'market, e.g. BMX_ETH')
      .argument('<AMOUNT>', 'in the base currency, e.g. 1.5')
      .argument('<PRICE>', 'in the quote currency per base unit, e.g. 0.0005')
      .action(
        traderAction(io, async ([symbol, amount, price], ctx) => {
          const order = { symbol: parseSymbol(symbol), side, amount: parseDecimal('AMOUNT', amount), price: parseDecimal('PRICE', price) };
          const om = ctx.client();
          ctx.placing(order.symbol);
          const placed = await om.placeOrder(order);
          return { json: placed, text: fields({ entrust_id: placed.entrust_id, ...order }) };
        }),
      );
  }

  traderCommand(program, io, 'orders', 'own orders, newest first')
    .option('--symbol <SYMBOL>', 'only this market')
    .option('--status <status>', 'all|open|closed|pending|partial|filled|cancelled or 0-6 (default all)')
    .option('--page <N>', 'page number, from 0 (the API offset); with --limit')
    .option('--limit <N>', 'page size (default 100 when --page is given; without both: every order)')
    .action(
      traderAction(io, async (_args, ctx) => {
        const params: ListOrdersParams = {
          ...(ctx.opts.symbol === undefined ? {} : { symbol: parseSymbol(ctx.opts.symbol as string, '--symbol') }),
          status: parseStatus(ctx.opts.status) ?? 0,
          ...paging(ctx),
        };
        const list = await ctx.client().listOrders(params);
        const footer = pageFooter(params.limit !== undefined, list.total_orders, 'order', list.current_page, list.total_pages);
        return { json: list, text: `${renderTable(list.orders, ORDER_COLUMNS, ctx)}\n${footer}` };
      }),
    );

  traderCommand(program, io, 'order', 'one own order')
    .argument('<ID>', 'the entrust_id')
    .action(
      traderAction(io, async ([id], ctx) => {
        const order = await ctx.client().order(parseOrderId(id));
        return { json: order, text: orderFields(order, ctx) };
      }),
    );

  traderCommand(program, io, 'cancel', 'cancel one open order')
    .argument('<ID>', 'the entrust_id')
    .action(
      traderAction(io, async ([id], ctx) => {
        const entrustId = parseOrderId(id);
        await ctx.client().cancelOrder(entrustId);
        return { json: {}, text: `cancelled order ${entrustId}` };
      }),
    );

  traderCommand(program, io, 'cancel-all', "cancel every open order of a market (or of one side)")
    .argument('<SYMBOL>', 'market, e.g. BMX_ETH')
    .option('--side <side>', 'buy or sell: only that side')
    .action(
      traderAction(io, async ([symbol], ctx) => {
        const sym = parseSymbol(symbol);
        const side = parseSide(ctx.opts.side);
        await ctx.client().cancelAllOrders(side === undefined ? { symbol: sym } : { symbol: sym, side });
        return { json: {}, text: `cancelled every open ${side === undefined ? '' : `${side} `}order of ${sym}` };
      }),
    );

  traderCommand(program, io, 'fills', 'own trades (fills), newest first')
    .option('--symbol <SYMBOL>', 'only this market')
    .option('--order <ID>', "only this order's fills (no paging)")
    .option('--page <N>', 'page number, from 0 (the API offset); with --limit')
    .option('--limit <N>', 'page size (default 100 when --page is given)')
    .action(
      traderAction(io, async (_args, ctx) => {
        const params: UserTradesParams = {
          ...(ctx.opts.symbol === undefined ? {} : { symbol: parseSymbol(ctx.opts.symbol as string, '--symbol') }),
          ...(ctx.opts.order === undefined ? {} : { entrustId: parseOrderId(ctx.opts.order as string, '--order') }),
          ...paging(ctx),
        };
        const list = await ctx.client().userTrades(params);
        const footer = pageFooter(params.limit !== undefined, list.total_trades, 'fill', list.current_page, list.total_pages);
        return { json: list, text: `${renderTable(list.trades, FILL_COLUMNS, ctx)}\n${footer}` };
      }),
    );
}
