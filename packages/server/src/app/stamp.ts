/**
 * Turning a draft into a command: `now` and the ids of what the command
 * creates are filled in, and the command is rebuilt field by field. The
 * rebuild drops anything the draft carried beyond the command's fields (so
 * the live command equals what the journal replays) and gives every command
 * of a type the same shape, which keeps the engine's hot path monomorphic.
 */
import type { Command, CommandDraft } from '../domain/index.js';
import type { NextIds } from '../engine/types.js';

export function stampCommand(d: CommandDraft, now: number, ids: () => NextIds): Command {
  switch (d.type) {
    case 'placeOrder':
      return {
        type: 'placeOrder', now, orderId: ids().order, accountId: d.accountId, symbol: d.symbol, side: d.side, price: d.price, amount: d.amount,
      };
    case 'cancelOrder':
      return { type: 'cancelOrder', now, accountId: d.accountId, orderId: d.orderId };
    case 'deposit':
      return { type: 'deposit', now, accountId: d.accountId, currency: d.currency, amount: d.amount };
    case 'withdraw':
      return { type: 'withdraw', now, accountId: d.accountId, currency: d.currency, amount: d.amount };
    case 'cancelAll': {
      const c: { type: 'cancelAll'; now: number; accountId: number; symbol?: string; side?: 'buy' | 'sell' } = {
        type: 'cancelAll', now, accountId: d.accountId,
      };
      if (d.symbol !== undefined) c.symbol = d.symbol;
      if (d.side !== undefined) c.side = d.side;
      return c;
    }
    case 'createCurrency':
      return { type: 'createCurrency', now, currency: d.currency };
    case 'createMarket':
      return { type: 'createMarket', now, market: d.market };
    case 'createUser':
      return { type: 'createUser', now, accountId: ids().account, email: d.email, passwordHash: d.passwordHash };
    case 'createApiKey':
      return {
        type: 'createApiKey', now, accountId: d.accountId, apiKey: d.apiKey, secretEnc: d.secretEnc, memo: d.memo, requireSignature: d.requireSignature,
      };
    case 'revokeApiKey':
      return { type: 'revokeApiKey', now, accountId: d.accountId, apiKey: d.apiKey };
    case 'issueToken':
      return { type: 'issueToken', now, apiKey: d.apiKey, tokenHash: d.tokenHash, expiresAt: d.expiresAt };
    case 'createSession':
      return { type: 'createSession', now, accountId: d.accountId, sessionHash: d.sessionHash, expiresAt: d.expiresAt };
    case 'endSession':
      return { type: 'endSession', now, sessionHash: d.sessionHash };
    default: {
      const _: never = d;
      throw new Error(`unknown command draft ${JSON.stringify(_)}`);
    }
  }
}
