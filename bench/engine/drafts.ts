/** Turn workload commands (already stamped) back into drafts for the sequencer. */
import type { Command, CommandDraft } from '../../packages/server/src/domain/index.js';

export function toDraft(command: Command): CommandDraft {
  const { now: _now, ...rest } = command;
  if (rest.type === 'placeOrder') {
    const { orderId: _id, ...draft } = rest;
    return draft;
  }
  if (rest.type === 'createUser') {
    const { accountId: _id, ...draft } = rest;
    return draft;
  }
  return rest as CommandDraft;
}
