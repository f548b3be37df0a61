/**
 * SQLite schema of the query store. The store is a projection of the
 * journal: it can be deleted and rebuilt by replay, so it runs with
 * WAL + synchronous=NORMAL (a power loss may drop the last few batches; the
 * `meta.last_seq` row is written in the same transaction as each batch, so
 * replay resumes exactly where the surviving data ends).
 *
 * Engine prices and amounts (safe integers) are INTEGER; bigints (balances,
 * fees, quote values, summed volumes) are TEXT holding a decimal integer.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS orders (
  id         INTEGER PRIMARY KEY,
  account    INTEGER NOT NULL,
  symbol     TEXT    NOT NULL,
  side       TEXT    NOT NULL,
  price      INTEGER NOT NULL,
  amount     INTEGER NOT NULL,
  remaining  INTEGER NOT NULL,
  fees       TEXT    NOT NULL,
  status     INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_account ON orders (account, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS orders_account_symbol ON orders (account, symbol, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS orders_account_status ON orders (account, status, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS trades (
  id           INTEGER PRIMARY KEY,
  symbol       TEXT    NOT NULL,
  price        INTEGER NOT NULL,
  amount       INTEGER NOT NULL,
  quote_amount TEXT    NOT NULL,
  taker_side   TEXT    NOT NULL,
  time         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS trades_symbol ON trades (symbol, id DESC);
CREATE INDEX IF NOT EXISTS trades_symbol_time ON trades (symbol, time);

CREATE TABLE IF NOT EXISTS fills (
  trade_id     INTEGER NOT NULL,
  active       INTEGER NOT NULL,
  order_id     INTEGER NOT NULL,
  account      INTEGER NOT NULL,
  symbol       TEXT    NOT NULL,
  side         TEXT    NOT NULL,
  price        INTEGER NOT NULL,
  amount       INTEGER NOT NULL,
  quote_amount TEXT    NOT NULL,
  fee          TEXT    NOT NULL,
  time         INTEGER NOT NULL,
  PRIMARY KEY (trade_id, active)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fills_account ON fills (account, trade_id DESC);
CREATE INDEX IF NOT EXISTS fills_account_symbol ON fills (account, symbol, trade_id DESC);
CREATE INDEX IF NOT EXISTS fills_order ON fills (order_id, trade_id DESC);

CREATE TABLE IF NOT EXISTS ledger (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  seq             INTEGER NOT NULL,
  account         INTEGER NOT NULL,
  currency        TEXT    NOT NULL,
  available_delta TEXT    NOT NULL,
  frozen_delta    TEXT    NOT NULL,
  available       TEXT    NOT NULL,
  frozen          TEXT    NOT NULL,
  reason          TEXT    NOT NULL,
  order_id        INTEGER NOT NULL,
  trade_id        INTEGER NOT NULL,
  time            INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_account ON ledger (account, currency, id DESC);

CREATE TABLE IF NOT EXISTS candles (
  symbol       TEXT    NOT NULL,
  step         INTEGER NOT NULL,
  time         INTEGER NOT NULL,
  open         INTEGER NOT NULL,
  high         INTEGER NOT NULL,
  low          INTEGER NOT NULL,
  close        INTEGER NOT NULL,
  volume       TEXT    NOT NULL,
  quote_volume TEXT    NOT NULL,
  PRIMARY KEY (symbol, step, time)
) WITHOUT ROWID;
`;

/** Open (or create) the store database at `path` (':memory:' for tests). */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.exec(DDL);
  try {
    // One transaction (IMMEDIATE: checked and written under the write lock): a kill can no
    // longer leave schema_version without last_seq.
    db.transaction(() => initMeta(db, path)).immediate();
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

const DATA_TABLES = ['orders', 'trades', 'fills', 'ledger', 'candles'] as const;

function initMeta(db: Db, path: string): void {
  const get = db.prepare('SELECT value FROM meta WHERE key = ?');
  const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  const version = get.get('schema_version') as { value: string } | undefined;
  if (version !== undefined && Number(version.value) !== SCHEMA_VERSION) {
    throw new Error(`query store ${path}: schema version ${version.value}, expected ${SCHEMA_VERSION}; delete it to rebuild from the journal`);
  }
  if (version === undefined) insert.run('schema_version', String(SCHEMA_VERSION));
  if (get.get('last_seq') !== undefined) return;
  // No last_seq (an older version wrote the two meta rows in separate commits and was killed
  // between them): 0 is right only for an empty store; otherwise the seq its rows reach is unknown.
  const filled = DATA_TABLES.find((t) => db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get() !== undefined);
  if (filled !== undefined) {
    throw new Error(
      `query store ${path}: meta.last_seq is missing but table ${filled} has rows, so it is unknown which journal seq the store reaches; ` +
        `stop the server, delete ${path} (with its -wal and -shm files) and start again to rebuild it from the journal`,
    );
  }
  insert.run('last_seq', '0');
}

/** meta.last_seq of an open store database. */
export function readLastSeq(db: Db): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'last_seq'").get() as { value: string } | undefined;
  return Number(row?.value ?? '0');
}
