/** Request schemas of the admin API (they also feed the OpenAPI document). */
import type {} from '@fastify/swagger'; // schema.tags / schema.summary typings
import { Type } from '@sinclair/typebox';

const Decimal = Type.Union([Type.String(), Type.Number()], { description: 'decimal, as a string or a JSON number' });

export const CurrencyBody = Type.Object({
  id: Type.String({ description: 'ticker, e.g. ETH' }),
  name: Type.Optional(Type.String()),
  scale: Type.Optional(Type.Integer({ minimum: 0, maximum: 18, description: 'balance decimals (default 8)' })),
  deposit_enabled: Type.Optional(Type.Boolean()),
  withdraw_enabled: Type.Optional(Type.Boolean()),
});

export const MarketBody = Type.Object({
  symbol: Type.String({ description: 'BASE_QUOTE, e.g. BMX_ETH' }),
  quote_increment: Decimal,
  base_min_size: Decimal,
  base_max_size: Decimal,
  price_min_precision: Type.Integer({ minimum: 0, maximum: 18 }),
  price_max_precision: Type.Integer({ minimum: 0, maximum: 18 }),
  amount_step: Type.Optional(Decimal),
  maker_fee: Type.Optional(Decimal),
  taker_fee: Type.Optional(Decimal),
  price_band_percent: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const UserBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 8, maxLength: 1024 }),
});

export const ApiKeyBody = Type.Object({
  memo: Type.String({ minLength: 1, maxLength: 64 }),
  require_signature: Type.Optional(Type.Boolean()),
});

export const TransferBody = Type.Object({
  user: Type.String({ description: 'email or user id' }),
  currency: Type.String(),
  amount: Decimal,
});

/** A withdrawal of fee revenue from the fee account (account 0, no user). */
export const FeeWithdrawalBody = Type.Object({
  currency: Type.String(),
  amount: Decimal,
});

export const UserParams = Type.Object({ user: Type.String({ description: 'email or user id' }) });
export const KeyParams = Type.Object({ user: Type.String(), apiKey: Type.String() });
