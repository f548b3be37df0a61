/**
 * Starting the writer thread so that it loads however openmart runs.
 *
 * Built (.js): the worker entry is writer-worker.js, started as is.
 * From source (.ts, through tsx): module hooks registered in the main thread
 * (`node --import tsx`, or `register()` in bin/openmart.mjs) do not reach a
 * worker thread on Node 20, and Node 20 ignores `--import` in a worker's
 * `execArgv`. So the worker starts from a few lines of eval'd code that
 * register tsx's ESM hooks in the worker itself, then import the .ts entry;
 * `--conditions=openmart-source` makes `@openmart/*` resolve to sources too.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import type { WriterWorkerData } from './writer-protocol.js';

const fromSource = import.meta.url.endsWith('.ts');

export function spawnWriterWorker(data: WriterWorkerData, transfer: readonly MessagePort[]): Worker {
  const transferList = [...transfer];
  if (!fromSource) {
    return new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: data, transferList, execArgv: [] });
  }
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./writer-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, {
    eval: true,
    workerData: data,
    transferList,
    execArgv: ['--conditions=openmart-source'],
  });
}
