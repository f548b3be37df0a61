/**
 * The record payload: one command in a compact binary form. Byte 0 is the
 * version-free type tag (TAGS below, never renumbered); the fields follow in
 * the fixed order written here (see docs/journal.md for the field types).
 * Optional fields carry a presence byte. Decoding checks every length and
 * rejects unknown tags, so a payload that passed its CRC but is not a
 * command still fails loudly.
 */
import type { Command, CurrencyConfig, MarketConfig, Side } from '../domain/index.js';
import { ByteReader, ByteWriter, CodecError } from './bytes.js';

export const TAGS = {
  createCurrency: 1,
  createMarket: 2,
  createUser: 3,
  deposit: 4,
  withdraw: 5,
  placeOrder: 6,
  cancelOrder: 7,
  cancelAll: 8,
  createApiKey: 9,
  revokeApiKey: 10,
  issueToken: 11,
  createSession: 12,
  endSession: 13,
} as const satisfies Record<Command['type'], number>;

function side(w: ByteWriter, s: Side): void {
  w.u8(s === 'buy' ? 0 : 1);
}

function readSide(r: ByteReader): Side {
  const v = r.u8();
  if (v === 0) return 'buy';
  if (v === 1) return 'sell';
  throw new CodecError(`bad side ${v}`);
}

function currency(w: ByteWriter, c: CurrencyConfig): void {
  w.str(c.id);
  w.str(c.name);
  w.num(c.scale);
  w.bool(c.depositEnabled);
  w.bool(c.withdrawEnabled);
}

function readCurrency(r: ByteReader): CurrencyConfig {
  return { id: r.str(), name: r.str(), scale: r.num(), depositEnabled: r.bool(), withdrawEnabled: r.bool() };
}

function market(w: ByteWriter, m: MarketConfig): void {
  w.str(m.symbol);
  w.str(m.base);
  w.str(m.quote);
  w.num(m.priceDecimals);
  w.num(m.priceTick);
  w.num(m.amountDecimals);
  w.num(m.amountStep);
  w.num(m.minAmount);
  w.num(m.maxAmount);
  w.num(m.pricePrecisionMin);
  w.num(m.pricePrecisionMax);
  w.num(m.makerFeeE8);
  w.num(m.takerFeeE8);
  w.num(m.priceBandPercent);
}

function readMarket(r: ByteReader): MarketConfig {
  return {
    symbol: r.str(),
    base: r.str(),
    quote: r.str(),
    priceDecimals: r.num(),
    priceTick: r.num(),
    amountDecimals: r.num(),
    amountStep: r.num(),
    minAmount: r.num(),
    maxAmount: r.num(),
    pricePrecisionMin: r.num(),
    pricePrecisionMax: r.num(),
    makerFeeE8: r.num(),
    takerFeeE8: r.num(),
    priceBandPercent: r.num(),
  };
}

function head(w: ByteWriter, tag: number, now: number): void {
  w.u8(tag);
  w.num(now);
}

/** Append the payload of `c` at `w.pos`. */
export function encodeCommand(w: ByteWriter, c: Command): void {
  // The tag is a constant per case: a keyed lookup by type name costs more than the rest.
  switch (c.type) {
    case 'placeOrder':
      head(w, TAGS.placeOrder, c.now);
      w.num(c.orderId);
      w.num(c.accountId);
      w.str(c.symbol);
      side(w, c.side);
      w.num(c.price);
      w.num(c.amount);
      return;
    case 'cancelOrder':
      head(w, TAGS.cancelOrder, c.now);
      w.num(c.accountId);
      w.num(c.orderId);
      return;
    case 'deposit':
    case 'withdraw':
      head(w, c.type === 'deposit' ? TAGS.deposit : TAGS.withdraw, c.now);
      w.num(c.accountId);
      w.str(c.currency);
      w.bigint(c.amount);
      return;
    case 'cancelAll':
      head(w, TAGS.cancelAll, c.now);
      w.num(c.accountId);
      if (c.symbol === undefined) w.u8(0);
      else {
        w.u8(1);
        w.str(c.symbol);
      }
      w.u8(c.side === undefined ? 2 : c.side === 'buy' ? 0 : 1);
      return;
    case 'createCurrency':
      head(w, TAGS.createCurrency, c.now);
      currency(w, c.currency);
      return;
    case 'createMarket':
      head(w, TAGS.createMarket, c.now);
      market(w, c.market);
      return;
    case 'createUser':
      head(w, TAGS.createUser, c.now);
      w.num(c.accountId);
      w.str(c.email);
      w.str(c.passwordHash);
      return;
    case 'createApiKey':
      head(w, TAGS.createApiKey, c.now);
      w.num(c.accountId);
      w.str(c.apiKey);
      w.str(c.secretEnc);
      w.str(c.memo);
      w.bool(c.requireSignature);
      return;
    case 'revokeApiKey':
      head(w, TAGS.revokeApiKey, c.now);
      w.num(c.accountId);
      w.str(c.apiKey);
      return;
    case 'issueToken':
      head(w, TAGS.issueToken, c.now);
      w.str(c.apiKey);
      w.str(c.tokenHash);
      w.num(c.expiresAt);
      return;
    case 'createSession':
      head(w, TAGS.createSession, c.now);
      w.num(c.accountId);
      w.str(c.sessionHash);
      w.num(c.expiresAt);
      return;
    case 'endSession':
      head(w, TAGS.endSession, c.now);
      w.str(c.sessionHash);
      return;
    default: {
      const _: never = c;
      throw new CodecError(`cannot encode command ${JSON.stringify(_)}`);
    }
  }
}

/** Decode the payload in `r` (from r.pos to r.end); the whole payload must be used. */
export function decodeCommand(r: ByteReader): Command {
  const c = decodeFields(r);
  if (r.pos !== r.end) throw new CodecError(`${r.end - r.pos} trailing bytes after a ${c.type} command`);
  return c;
}

function decodeFields(r: ByteReader): Command {
  const tag = r.u8();
  const now = r.num();
  switch (tag) {
    case TAGS.placeOrder:
      return {
        type: 'placeOrder',
        now,
        orderId: r.num(),
        accountId: r.num(),
        symbol: r.str(),
        side: readSide(r),
        price: r.num(),
        amount: r.num(),
      };
    case TAGS.cancelOrder:
      return { type: 'cancelOrder', now, accountId: r.num(), orderId: r.num() };
    case TAGS.deposit:
      return { type: 'deposit', now, accountId: r.num(), currency: r.str(), amount: r.bigint() };
    case TAGS.withdraw:
      return { type: 'withdraw', now, accountId: r.num(), currency: r.str(), amount: r.bigint() };
    case TAGS.cancelAll: {
      const accountId = r.num();
      const symbol = r.bool() ? r.str() : undefined;
      const s = r.u8();
      if (s > 2) throw new CodecError(`bad cancelAll side ${s}`);
      const c: { type: 'cancelAll'; now: number; accountId: number; symbol?: string; side?: Side } = {
        type: 'cancelAll',
        now,
        accountId,
      };
      if (symbol !== undefined) c.symbol = symbol;
      if (s !== 2) c.side = s === 0 ? 'buy' : 'sell';
      return c;
    }
    case TAGS.createCurrency:
      return { type: 'createCurrency', now, currency: readCurrency(r) };
    case TAGS.createMarket:
      return { type: 'createMarket', now, market: readMarket(r) };
    case TAGS.createUser:
      return { type: 'createUser', now, accountId: r.num(), email: r.str(), passwordHash: r.str() };
    case TAGS.createApiKey:
      return {
        type: 'createApiKey',
        now,
        accountId: r.num(),
        apiKey: r.str(),
        secretEnc: r.str(),
        memo: r.str(),
        requireSignature: r.bool(),
      };
    case TAGS.revokeApiKey:
      return { type: 'revokeApiKey', now, accountId: r.num(), apiKey: r.str() };
    case TAGS.issueToken:
      return { type: 'issueToken', now, apiKey: r.str(), tokenHash: r.str(), expiresAt: r.num() };
    case TAGS.createSession:
      return { type: 'createSession', now, accountId: r.num(), sessionHash: r.str(), expiresAt: r.num() };
    case TAGS.endSession:
      return { type: 'endSession', now, sessionHash: r.str() };
    default:
      throw new CodecError(`unknown command tag ${tag}`);
  }
}
