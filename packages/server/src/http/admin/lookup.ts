/** Find a user by email or numeric id (admin routes accept either). */
import type { ExchangeEngine, UserRecord } from '../../engine/types.js';
import { apiError } from '../api-error.js';

export function findUser(engine: ExchangeEngine, ref: string): UserRecord {
  const r = ref.trim();
  const user = /^\d+$/.test(r) ? engine.user(Number(r)) : engine.userByEmail(r.toLowerCase());
  if (user === undefined) throw apiError('ACCOUNT_NOT_FOUND', `No user ${r}`);
  return user;
}

/** Every user, in account id order (account ids are dense from 1). */
export function allUsers(engine: ExchangeEngine): UserRecord[] {
  const out: UserRecord[] = [];
  const next = engine.nextIds().account;
  for (let id = 1; id < next; id++) {
    const u = engine.user(id);
    if (u !== undefined) out.push(u);
  }
  return out;
}
