/** Our engine on the flow, in memory (no journal). */
import { Engine } from '../../packages/server/src/engine/engine.js';
import type { Command } from '../../packages/server/src/domain/index.js';

export function prepareEngine(setup: readonly Command[], book: 'fast' | 'naive' = 'fast'): Engine {
  const engine = new Engine({ book });
  for (const c of setup) {
    const out = engine.apply(c);
    if (!out.ok) throw new Error(`setup command ${c.type} rejected: ${out.message}`);
  }
  return engine;
}

/** Apply the flow; returns the number of commands applied. */
export function runEngine(engine: Engine, flow: readonly Command[]): number {
  for (let i = 0; i < flow.length; i++) engine.apply(flow[i] as Command);
  return flow.length;
}
