/**
 * Deposits and withdrawals: the only commands that change a currency's supply.
 * Both need a user's account, except that the fee account (FEE_ACCOUNT_ID,
 * owned by no user) may withdraw: the operator taking fee revenue out. It
 * can never be deposited to (nor trade, hold keys or sessions).
 */
import type { Deposit, Outcome, Withdraw } from '../domain/index.js';
import { formatUnits } from '../domain/index.js';
import { change } from './accounts.js';
import { reject } from './reject.js';
import type { EngineState } from './state.js';
import { FEE_ACCOUNT_ID } from './types.js';

function checkCommon(st: EngineState, cmd: Deposit | Withdraw): Outcome | null {
  const cur = st.currencies.get(cmd.currency);
  if (cur === undefined) return reject('UNKNOWN_CURRENCY', `Unknown currency ${cmd.currency}`);
  const feeWithdrawal = cmd.type === 'withdraw' && cmd.accountId === FEE_ACCOUNT_ID;
  if (!feeWithdrawal && !st.users.has(cmd.accountId)) return reject('ACCOUNT_NOT_FOUND', `Account ${cmd.accountId} not found`);
  if (typeof cmd.amount !== 'bigint' || cmd.amount <= 0n) return reject('INVALID_AMOUNT', 'Amount must be positive');
  return null;
}

export function deposit(st: EngineState, cmd: Deposit): Outcome {
  const bad = checkCommon(st, cmd);
  if (bad !== null) return bad;
  const cur = st.currencies.get(cmd.currency);
  const account = st.accounts.get(cmd.accountId);
  if (cur === undefined || account === undefined) throw new Error('deposit: state lost its currency or account');
  if (!cur.config.depositEnabled) return reject('DEPOSIT_DISABLED', `Deposits of ${cur.config.id} are disabled`);
  const events = [change(account, cur.index, cur.config.id, cmd.amount, 0n, 'deposit', 0, 0, cmd.now)];
  cur.supply += cmd.amount;
  return { ok: true, events };
}

export function withdraw(st: EngineState, cmd: Withdraw): Outcome {
  const bad = checkCommon(st, cmd);
  if (bad !== null) return bad;
  const cur = st.currencies.get(cmd.currency);
  const account = st.accounts.get(cmd.accountId);
  if (cur === undefined || account === undefined) throw new Error('withdraw: state lost its currency or account');
  if (!cur.config.withdrawEnabled) return reject('WITHDRAW_DISABLED', `Withdrawals of ${cur.config.id} are disabled`);
  const available = account.cells[cur.index]?.available ?? 0n;
  if (available < cmd.amount) {
    return reject('INSUFFICIENT_BALANCE', `Insufficient balance: available ${formatUnits(available, cur.config.scale, false)} ${cur.config.id}`);
  }
  const events = [change(account, cur.index, cur.config.id, -cmd.amount, 0n, 'withdraw', 0, 0, cmd.now)];
  cur.supply -= cmd.amount;
  return { ok: true, events };
}
