/**
 * Registry commands: currencies, markets, users, API keys, tokens and
 * sessions. Each returns an Outcome and changes nothing when it rejects.
 */
import { pow10 } from '../domain/index.js';
import type {
  CreateApiKey, CreateCurrency, CreateMarket, CreateSession, CreateUser, EndSession, IssueToken, Outcome, RevokeApiKey,
} from '../domain/index.js';
import { Account } from './accounts.js';
import { createBook } from './book/book.js';
import { canonCurrency, canonMarket, currencyProblem, marketProblem } from './config.js';
import { reject } from './reject.js';
import type { EngineState, MarketState } from './state.js';

export function createCurrency(st: EngineState, cmd: CreateCurrency): Outcome {
  const c = cmd.currency;
  const problem = currencyProblem(c);
  if (problem !== null) return reject('INVALID_CURRENCY', problem);
  if (st.currencies.has(c.id)) return reject('CURRENCY_EXISTS', `Currency ${c.id} already exists`);
  const config = canonCurrency(c);
  const cs = { config, index: st.currencyList.length, supply: 0n };
  st.currencies.set(c.id, cs);
  st.currencyList.push(cs);
  return { ok: true, events: [{ type: 'currencyCreated', currency: config }] };
}

export function marketState(st: EngineState, config: CreateMarket['market']): MarketState {
  const base = st.currencies.get(config.base);
  const quote = st.currencies.get(config.quote);
  if (base === undefined || quote === undefined) throw new Error(`market ${config.symbol}: unknown currency`);
  return {
    config,
    base,
    quote,
    baseMult: pow10(base.config.scale - config.amountDecimals),
    quoteMult: pow10(quote.config.scale - config.priceDecimals - config.amountDecimals),
    makerFee: BigInt(config.makerFeeE8),
    takerFee: BigInt(config.takerFeeE8),
    book: createBook(st.bookKind),
  };
}

export function createMarket(st: EngineState, cmd: CreateMarket): Outcome {
  const m = cmd.market;
  if (typeof m.symbol === 'string' && st.markets.has(m.symbol)) return reject('MARKET_EXISTS', `Market ${m.symbol} already exists`);
  const problem = marketProblem(m, st.currencies);
  if (problem !== null) return reject('INVALID_MARKET', problem);
  const config = canonMarket(m);
  st.markets.set(config.symbol, marketState(st, config));
  return { ok: true, events: [{ type: 'marketCreated', market: config }] };
}

export function createUser(st: EngineState, cmd: CreateUser): Outcome {
  if (cmd.accountId !== st.lastAccountId + 1) return reject('ID_NOT_FRESH', `Account id must be ${st.lastAccountId + 1}`);
  if (st.usersByEmail.has(cmd.email)) return reject('USER_EXISTS', 'A user with this email already exists');
  const user = { accountId: cmd.accountId, email: cmd.email, passwordHash: cmd.passwordHash, createdAt: cmd.now };
  st.lastAccountId = cmd.accountId;
  st.users.set(user.accountId, user);
  st.usersByEmail.set(user.email, user);
  st.accounts.add(new Account(user.accountId));
  return { ok: true, events: [{ type: 'userCreated', accountId: user.accountId, email: user.email, time: cmd.now }] };
}

export function createApiKey(st: EngineState, cmd: CreateApiKey): Outcome {
  if (!st.users.has(cmd.accountId)) return reject('ACCOUNT_NOT_FOUND', `Account ${cmd.accountId} not found`);
  if (st.apiKeys.has(cmd.apiKey)) return reject('APIKEY_EXISTS', 'This API key already exists');
  const rec = {
    apiKey: cmd.apiKey,
    accountId: cmd.accountId,
    secretEnc: cmd.secretEnc,
    memo: cmd.memo,
    requireSignature: cmd.requireSignature,
    createdAt: cmd.now,
  };
  st.apiKeys.set(rec.apiKey, rec);
  return { ok: true, events: [{ type: 'apiKeyCreated', accountId: rec.accountId, apiKey: rec.apiKey, memo: rec.memo, time: cmd.now }] };
}

export function revokeApiKey(st: EngineState, cmd: RevokeApiKey): Outcome {
  const rec = st.apiKeys.get(cmd.apiKey);
  if (rec === undefined || rec.accountId !== cmd.accountId) return reject('APIKEY_NOT_FOUND', 'API key not found');
  st.apiKeys.delete(cmd.apiKey);
  for (const [hash, t] of st.tokens) if (t.apiKey === cmd.apiKey) st.tokens.delete(hash);
  return { ok: true, events: [{ type: 'apiKeyRevoked', accountId: rec.accountId, apiKey: rec.apiKey, time: cmd.now }] };
}

/**
 * Drop expired entries (expiresAt <= now) from the front of `map`, stopping
 * at the first live one: O(entries dropped), not O(entries held). Tokens and
 * sessions are added in command order with one configured lifetime, so the
 * map is in expiry order and this drops every expired one. An entry out of
 * that order (the lifetime was changed between restarts, or the clock
 * stepped back) stays until the entries before it expire; lookups check
 * expiresAt anyway, so it is never honoured. Map order survives snapshots,
 * so a restored engine prunes exactly as the live one did.
 */
function prune(map: Map<string, { readonly expiresAt: number }>, now: number): void {
  for (const [k, v] of map) {
    if (v.expiresAt > now) return;
    map.delete(k);
  }
}

export function issueToken(st: EngineState, cmd: IssueToken): Outcome {
  if (!st.apiKeys.has(cmd.apiKey)) return reject('APIKEY_NOT_FOUND', 'API key not found');
  prune(st.tokens, cmd.now);
  st.tokens.delete(cmd.tokenHash);
  st.tokens.set(cmd.tokenHash, { apiKey: cmd.apiKey, expiresAt: cmd.expiresAt });
  return { ok: true, events: [{ type: 'credentialChanged', kind: 'token' }] };
}

export function createSession(st: EngineState, cmd: CreateSession): Outcome {
  if (!st.users.has(cmd.accountId)) return reject('ACCOUNT_NOT_FOUND', `Account ${cmd.accountId} not found`);
  prune(st.sessions, cmd.now);
  st.sessions.delete(cmd.sessionHash);
  st.sessions.set(cmd.sessionHash, { accountId: cmd.accountId, expiresAt: cmd.expiresAt });
  return { ok: true, events: [{ type: 'credentialChanged', kind: 'sessionCreated' }] };
}

export function endSession(st: EngineState, cmd: EndSession): Outcome {
  if (!st.sessions.has(cmd.sessionHash)) return reject('SESSION_NOT_FOUND', 'Session not found');
  st.sessions.delete(cmd.sessionHash);
  prune(st.sessions, cmd.now);
  return { ok: true, events: [{ type: 'credentialChanged', kind: 'sessionEnded' }] };
}
