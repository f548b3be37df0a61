/**
 * Prometheus metrics of one server process (prom-client, own registry).
 * HTTP request counts and latency are recorded by http/ops; journal batches
 * and snapshots by the sequencer's hooks; orders, cancellations and trades
 * by counting the events of accepted commands (countingSink).
 */
import { statfs } from 'node:fs/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { OrderStatus, type Command, type CommandDraft, type Outcome } from '../domain/index.js';
import { HttpRequestMetrics } from './http-request-metrics.js';
import type { BatchMetrics } from './sequencer.js';

export class Metrics {
  readonly registry = new Registry();
  /** HTTP request counts and latency, recorded by http/ops (http-request-metrics.ts). */
  readonly http = new HttpRequestMetrics(this.registry);
  readonly ordersPlaced = new Counter({ name: 'openmart_orders_placed_total', help: 'Orders accepted', registers: [this.registry] });
  readonly ordersCancelled = new Counter({ name: 'openmart_orders_cancelled_total', help: 'Orders cancelled', registers: [this.registry] });
  readonly trades = new Counter({ name: 'openmart_trades_total', help: 'Trades executed', registers: [this.registry] });
  readonly rejections = new Counter({
    name: 'openmart_commands_rejected_total',
    help: 'Commands the engine rejected, by command type and code',
    labelNames: ['type', 'code'] as const,
    registers: [this.registry],
  });
  readonly batchCommands = new Histogram({
    name: 'openmart_journal_batch_commands',
    help: 'Commands per journal batch (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers: [this.registry],
  });
  readonly batchBytes = new Counter({ name: 'openmart_journal_bytes_total', help: 'Bytes appended to the journal', registers: [this.registry] });
  readonly fsyncSeconds = new Histogram({
    name: 'openmart_journal_fsync_seconds',
    help: 'fdatasync time per journal batch',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly writeSeconds = new Histogram({
    name: 'openmart_journal_write_seconds',
    help: 'write time per journal batch',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly durableSeq = new Gauge({ name: 'openmart_journal_durable_seq', help: 'Highest durable journal sequence number', registers: [this.registry] });
  /** Set by watchStore(): the query store's committed seq, read at each scrape. */
  private storeSeqOf: (() => number) | null = null;
  readonly storeSeq = new Gauge({
    name: 'openmart_store_applied_seq',
    help: 'Highest journal seq committed to the query store (its thread lags the journal by a few batches under load)',
    registers: [this.registry],
    collect: () => {
      if (this.storeSeqOf !== null) this.storeSeq.set(this.storeSeqOf());
    },
  });
  readonly snapshots = new Counter({ name: 'openmart_snapshots_total', help: 'Engine snapshots written', registers: [this.registry] });
  /** Set by watchSnapshotFailures(): the sequencer's count of failed snapshots, read at each scrape. */
  private snapshotFailuresOf: (() => number) | null = null;
  private snapshotFailuresSeen = 0;
  readonly snapshotFailures = new Counter({
    name: 'openmart_snapshot_failures_total',
    help: 'Snapshots that failed or were skipped for lack of free space (the journal still has everything)',
    registers: [this.registry],
    collect: () => {
      if (this.snapshotFailuresOf === null) return;
      const n = this.snapshotFailuresOf();
      if (n > this.snapshotFailuresSeen) {
        this.snapshotFailures.inc(n - this.snapshotFailuresSeen);
        this.snapshotFailuresSeen = n;
      }
    },
  });
  /** Set by watchDataDir(): the directory whose file system's free space is reported. */
  private dataDir: string | null = null;
  readonly dataDirFree = new Gauge({
    name: 'openmart_data_dir_free_bytes',
    help: 'Free bytes (for the server user) on the file system of the data directory, read at each scrape',
    registers: [this.registry],
    collect: async () => {
      if (this.dataDir === null) return;
      try {
        const s = await statfs(this.dataDir);
        this.dataDirFree.set(s.bavail * s.bsize);
      } catch {
        this.dataDirFree.reset();
      }
    },
  });
  readonly snapshotSeconds = new Histogram({
    name: 'openmart_snapshot_seconds',
    help: 'Time to capture and write a snapshot',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  constructor(opts: { readonly processMetrics?: boolean } = {}) {
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'openmart_' });
  }

  /** Sequencer onBatch hook. */
  batch(m: BatchMetrics): void {
    this.batchCommands.observe(m.commands);
    this.batchBytes.inc(m.bytes);
    this.writeSeconds.observe(m.writeMs / 1000);
    if (m.syncMs > 0) this.fsyncSeconds.observe(m.syncMs / 1000);
    this.durableSeq.set(m.durableSeq);
  }

  /** After recovery: the durable seq the journal ends at, reported until the first batch. */
  recovered(durableSeq: number): void {
    this.durableSeq.set(durableSeq);
  }

  /** Report the query store's committed seq (openmart_store_applied_seq) from now on. */
  watchStore(appliedSeq: () => number): void {
    this.storeSeqOf = appliedSeq;
  }

  /** Report the sequencer's failed snapshots (openmart_snapshot_failures_total) from now on. */
  watchSnapshotFailures(failures: () => number): void {
    this.snapshotFailuresOf = failures;
  }

  /** Report the free space of `dataDir`'s file system (openmart_data_dir_free_bytes) from now on. */
  watchDataDir(dataDir: string): void {
    this.dataDir = dataDir;
  }

  /** Sequencer onSnapshot hook. */
  snapshot(info: { readonly captureMs: number; readonly writeMs: number }): void {
    this.snapshots.inc();
    this.snapshotSeconds.observe((info.captureMs + info.writeMs) / 1000);
  }

  /** Count what one answered command did. */
  outcome(command: Command, outcome: Outcome): void {
    if (!outcome.ok) {
      this.rejections.inc({ type: command.type, code: outcome.code });
      return;
    }
    for (const e of outcome.events) {
      if (e.type === 'orderPlaced') this.ordersPlaced.inc();
      else if (e.type === 'tradeExecuted') this.trades.inc();
      else if (e.type === 'orderUpdated' && e.order.status === OrderStatus.Cancelled) this.ordersCancelled.inc();
    }
  }
}

interface Sink<R extends { readonly command: Command; readonly outcome: Outcome }> {
  submit(draft: CommandDraft): Promise<R>;
}

/** A sink that forwards to `inner` and counts each answer into `metrics`. */
export function countingSink<R extends { readonly command: Command; readonly outcome: Outcome }>(inner: Sink<R>, metrics: Metrics): Sink<R> {
  return {
    submit: async (draft) => {
      const r = await inner.submit(draft);
      metrics.outcome(r.command, r.outcome);
      return r;
    },
  };
}
