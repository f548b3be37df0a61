/**
 * Which commands change the registry: what the HTTP layer still reads from
 * the live engine (currencies, markets, users, API keys) instead of from a
 * projection of durable batches. The sequencer remembers the seq of the
 * last accepted one, so that registry reads can wait until it is durable
 * (Sequencer.registryDurable). A Record over every command type: a new
 * command does not compile until it is classified here.
 */
import type { CommandType } from '../domain/index.js';

export const CHANGES_REGISTRY: Readonly<Record<CommandType, boolean>> = {
  createCurrency: true,
  createMarket: true,
  createUser: true,
  createApiKey: true,
  revokeApiKey: true,
  // Balances, the book, orders and fills are read from projections of durable batches.
  deposit: false,
  withdraw: false,
  placeOrder: false,
  cancelOrder: false,
  cancelAll: false,
  // Tokens and sessions are only presented by whoever got them in a reply, which waits for
  // durability; an ending one in flight can only refuse a request early (docs/operations.md).
  issueToken: false,
  createSession: false,
  endSession: false,
};
