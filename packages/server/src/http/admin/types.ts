/** What the admin API needs, handed in by the runtime (server.ts). */
import type { ExchangeEngine } from '../../engine/types.js';
import type { MarketDefaults } from '../../app/market-params.js';
import type { BalanceReader, CommandSink } from '../deps.js';

/** Credential helpers (the same ones the auth endpoints use). */
export interface AdminCredentials {
  /** Password -> self-describing hash (scrypt) for createUser. */
  hashPassword(password: string): Promise<string> | string;
  /** A fresh public key id and secret. */
  mintApiKey(): { readonly apiKey: string; readonly apiSecret: string };
  /** The secret encrypted with the server key, for createApiKey. */
  encryptSecret(secret: string): string;
}

export interface AdminOptions {
  readonly engine: ExchangeEngine;
  readonly sink: CommandSink;
  /** Balances as of the last durable batch. */
  readonly balances: BalanceReader;
  /** Constant-time check of a presented admin token. */
  readonly verifyToken: (presented: string) => boolean;
  readonly credentials: AdminCredentials;
  /** Write an engine snapshot now; answers what the journal reports about it. */
  readonly snapshot: () => Promise<Readonly<Record<string, unknown>>>;
  readonly marketDefaults: MarketDefaults;
}
