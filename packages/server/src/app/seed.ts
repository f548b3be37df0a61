/**
 * Demo data for a fresh data directory (SEED_DEMO=1, the default): a few
 * currencies and markets, a funded demo user with an API key, a
 * market-maker account whose resting orders make the books non-empty, and
 * a taker account that trades twice per market (so tickers, candles and
 * public trades are not empty either).
 * Everything goes through the sequencer as ordinary commands, so it is
 * journaled and replayed like any other state.
 */
import { randomBytes } from 'node:crypto';
import {
  parseUnits,
  type Command,
  type CommandDraft,
  type MarketConfig,
  type Outcome,
  type Side,
} from '../domain/index.js';
import type { ExchangeEngine } from '../engine/types.js';
import { currencyFromParams, marketFromParams, type CurrencyParams, type MarketDefaults, type MarketParams } from './market-params.js';

export interface SeedSink {
  submit(draft: CommandDraft): Promise<{ readonly command: Command; readonly outcome: Outcome }>;
}

export interface SeedCredentials {
  hashPassword(password: string): Promise<string> | string;
  mintApiKey(): { readonly apiKey: string; readonly apiSecret: string };
  encryptSecret(secret: string): string;
}

/** What the first start prints once and writes to DATA_DIR/demo-credentials.json. */
export interface DemoCredentials {
  readonly email: string;
  readonly password: string;
  readonly user_id: number;
  readonly api_key: string;
  readonly api_secret: string;
  readonly memo: string;
}

export const DEMO_EMAIL = 'demo@openmart.local';
export const MARKET_MAKER_EMAIL = 'market-maker@openmart.local';
export const MARKET_TAKER_EMAIL = 'market-taker@openmart.local';
export const DEMO_MEMO = 'demo';

export const DEMO_CURRENCIES: readonly CurrencyParams[] = [
  { id: 'BTC', name: 'Bitcoin', scale: 8 },
  { id: 'ETH', name: 'Ethereum', scale: 18 },
  { id: 'USDT', name: 'Tether USD', scale: 6 },
  { id: 'BMX', name: 'BitMart Token', scale: 8 },
  { id: 'XLM', name: 'Stellar Lumens', scale: 7 },
  { id: 'LTC', name: 'Litecoin', scale: 8 },
  { id: 'TRX', name: 'TRON', scale: 6 },
];

interface DemoMarket extends MarketParams {
  /** Reference price of the market maker's ladder. */
  readonly ref: string;
  /** Base amount of one market-maker order. */
  readonly size: string;
}

export const DEMO_MARKETS: readonly DemoMarket[] = [
  { symbol: 'BMX_ETH', quote_increment: '0.00000001', base_min_size: '0.01', base_max_size: '100000000', price_min_precision: 6, price_max_precision: 8, ref: '0.0005', size: '1000' },
  { symbol: 'XLM_ETH', quote_increment: '0.00000001', base_min_size: '1', base_max_size: '10000000', price_min_precision: 6, price_max_precision: 8, ref: '0.0001', size: '5000' },
  { symbol: 'ETH_BTC', quote_increment: '0.000001', base_min_size: '0.01', base_max_size: '100000', price_min_precision: 4, price_max_precision: 6, ref: '0.035', size: '2' },
  { symbol: 'LTC_BTC', quote_increment: '0.000001', base_min_size: '0.01', base_max_size: '100000', price_min_precision: 4, price_max_precision: 6, ref: '0.0012', size: '10' },
  { symbol: 'BTC_USDT', quote_increment: '0.01', base_min_size: '0.0001', base_max_size: '1000', price_min_precision: 0, price_max_precision: 2, ref: '60000', size: '0.05' },
  { symbol: 'ETH_USDT', quote_increment: '0.01', base_min_size: '0.0001', base_max_size: '10000', price_min_precision: 0, price_max_precision: 2, ref: '3000', size: '1' },
  { symbol: 'BMX_USDT', quote_increment: '0.0001', base_min_size: '0.01', base_max_size: '10000000', price_min_precision: 2, price_max_precision: 4, ref: '0.25', size: '1000' },
  { symbol: 'TRX_USDT', quote_increment: '0.000001', base_min_size: '1', base_max_size: '100000000', price_min_precision: 4, price_max_precision: 6, ref: '0.2', size: '10000' },
];

const DEMO_FUNDS: Readonly<Record<string, string>> = {
  BTC: '10', ETH: '100', USDT: '100000', BMX: '100000', XLM: '100000', LTC: '100', TRX: '100000',
};
const MARKET_MAKER_FUNDS: Readonly<Record<string, string>> = {
  BTC: '1000', ETH: '100000', USDT: '100000000', BMX: '100000000', XLM: '100000000', LTC: '100000', TRX: '100000000',
};

/** Levels per side of the market maker's ladder, 0.2% apart. */
const LADDER_LEVELS = 5;

/** True when nothing was ever created: the data directory is new. */
export function isFreshExchange(engine: ExchangeEngine): boolean {
  return engine.currencies().length === 0 && engine.markets().length === 0 && engine.nextIds().account === 1;
}

async function must(sink: SeedSink, draft: CommandDraft): Promise<Command> {
  const r = await sink.submit(draft);
  if (!r.outcome.ok) throw new Error(`seeding failed at ${draft.type}: ${r.outcome.code}: ${r.outcome.message}`);
  return r.command;
}

async function createUser(sink: SeedSink, creds: SeedCredentials, email: string, password: string): Promise<number> {
  const cmd = await must(sink, { type: 'createUser', email, passwordHash: await creds.hashPassword(password) });
  if (cmd.type !== 'createUser') throw new Error('sequencer answered another command');
  return cmd.accountId;
}

async function fund(sink: SeedSink, engine: ExchangeEngine, accountId: number, funds: Readonly<Record<string, string>>): Promise<void> {
  await Promise.all(
    Object.entries(funds).map(([currency, text]) => {
      const scale = engine.currency(currency)?.scale;
      const amount = scale === undefined ? null : parseUnits(text, scale);
      if (amount === null) throw new Error(`seed: bad amount ${text} ${currency}`);
      return must(sink, { type: 'deposit', accountId, currency, amount });
    }),
  );
}

/** The market maker's ladder: LADDER_LEVELS bids below and asks above `ref`, 0.2% apart. */
export function ladder(m: MarketConfig, ref: string, size: string): Array<{ side: Side; price: number; amount: number }> {
  const refUnits = parseUnits(ref, m.priceDecimals);
  const sizeUnits = parseUnits(size, m.amountDecimals);
  if (refUnits === null || sizeUnits === null) throw new Error(`seed: bad ladder for ${m.symbol}`);
  const tick = BigInt(m.priceTick);
  const out: Array<{ side: Side; price: number; amount: number }> = [];
  for (let k = 1; k <= LADDER_LEVELS; k++) {
    const offset = (refUnits * BigInt(2 * k)) / 1000n;
    const amount = Number(sizeUnits * BigInt(1 + (k % 3)));
    const bid = ((refUnits - offset) / tick) * tick;
    const ask = ((refUnits + offset + tick - 1n) / tick) * tick;
    if (bid > 0n) out.push({ side: 'buy', price: Number(bid), amount });
    out.push({ side: 'sell', price: Number(ask), amount });
  }
  return out;
}

function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Create the demo data through the sequencer; answers the demo user's credentials. */
export async function seedDemo(
  sink: SeedSink,
  engine: ExchangeEngine,
  creds: SeedCredentials,
  defaults: MarketDefaults,
): Promise<DemoCredentials> {
  for (const c of DEMO_CURRENCIES) {
    const parsed = currencyFromParams(c);
    if (!parsed.ok) throw new Error(`seed: ${parsed.message}`);
    await must(sink, { type: 'createCurrency', currency: parsed.value });
  }
  const markets: Array<{ config: MarketConfig; spec: DemoMarket }> = [];
  for (const spec of DEMO_MARKETS) {
    const parsed = marketFromParams(spec, defaults);
    if (!parsed.ok) throw new Error(`seed: ${parsed.message}`);
    await must(sink, { type: 'createMarket', market: parsed.value });
    markets.push({ config: parsed.value, spec });
  }

  const password = randomPassword();
  const demoId = await createUser(sink, creds, DEMO_EMAIL, password);
  const mmId = await createUser(sink, creds, MARKET_MAKER_EMAIL, randomPassword());
  const takerId = await createUser(sink, creds, MARKET_TAKER_EMAIL, randomPassword());
  await fund(sink, engine, demoId, DEMO_FUNDS);
  await fund(sink, engine, mmId, MARKET_MAKER_FUNDS);
  await fund(sink, engine, takerId, MARKET_MAKER_FUNDS);

  const { apiKey, apiSecret } = creds.mintApiKey();
  await must(sink, {
    type: 'createApiKey',
    accountId: demoId,
    apiKey,
    secretEnc: creds.encryptSecret(apiSecret),
    memo: DEMO_MEMO,
    requireSignature: false,
  });

  for (const { config, spec } of markets) {
    const orders = ladder(config, spec.ref, spec.size);
    await Promise.all(
      orders.map((o) =>
        must(sink, { type: 'placeOrder', accountId: mmId, symbol: config.symbol, side: o.side, price: o.price, amount: o.amount }),
      ),
    );
    // Two trades: half of the best ask is bought, then half of the best bid sold.
    const bestAsk = orders.find((o) => o.side === 'sell');
    const bestBid = orders.find((o) => o.side === 'buy');
    for (const [side, level] of [['buy', bestAsk], ['sell', bestBid]] as const) {
      if (level === undefined) continue;
      const amount = Number(parseUnits(spec.size, config.amountDecimals) ?? 0n);
      await must(sink, { type: 'placeOrder', accountId: takerId, symbol: config.symbol, side, price: level.price, amount });
    }
  }

  return { email: DEMO_EMAIL, password, user_id: demoId, api_key: apiKey, api_secret: apiSecret, memo: DEMO_MEMO };
}
