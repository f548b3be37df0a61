/**
 * Engine snapshot format 1, still read: format 2 plus `orderOwners`, the
 * owner account of every order id ever accepted (entry i for id i + 1).
 * The engine no longer keeps closed orders, so restore only checks the list
 * (one owner per id handed out, each a user account, agreeing with the open
 * orders) and drops it.
 */
import type { SnapshotCommon } from './snapshot.js';

export interface SnapshotV1 extends SnapshotCommon {
  readonly version: 1;
  /** Owner account of order id i + 1. */
  readonly orderOwners: readonly number[];
}

/** The owners list of a format-1 snapshot whose lastOrderId is checked; throws when it cannot be right. */
export function checkedOrderOwners(s: SnapshotV1): readonly number[] {
  const owners = s.orderOwners;
  if (!Array.isArray(owners)) throw new Error('engine snapshot: version 1 without orderOwners');
  if (owners.length !== s.lastOrderId) throw new Error(`engine snapshot: ${owners.length} order owners for last order id ${s.lastOrderId}`);
  const lastAccountId = s.lastAccountId;
  owners.forEach((owner, i) => {
    if (!Number.isSafeInteger(owner) || owner < 1 || owner > lastAccountId) throw new Error(`engine snapshot: order ${i + 1} has owner ${String(owner)}, not a user account`);
  });
  return owners;
}
